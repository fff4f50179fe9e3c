"""Which rows a stretch of work wrote: `uow.watch_writes()` records every row the session
inserts, changes or deletes until it is stopped, whatever feature wrote it.

代办 uses it: everything a staff member's conversation writes while acting for a resident
goes in the audit log as done for them, without each feature having to say so. Rows
written with plain Core statements on the connection (the outbox's bulk insert) are not
seen; rows written through `session.execute(insert/update/delete …)` are, by table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

# Bookkeeping, not something done for anyone: the conversation's own state, the audit
# log itself, delivered-update ids.
IGNORED = frozenset({"conversation_states", "audit_log", "processed_updates"})


@dataclass(frozen=True)
class Write:
    table: str
    op: str  # "insert", "update" or "delete"
    key: int | str | None  # the row's primary key, when there is one simple key
    row: object | None = None  # the ORM object (None for a bulk statement)


@dataclass
class WriteWatcher:
    """The writes seen since it started; `stop()` detaches it from the session."""

    session: Session
    writes: list[Write] = field(default_factory=list)
    _hooks: list = field(default_factory=list)

    def start(self) -> WriteWatcher:
        def before_flush(session, _context, _instances) -> None:
            for op, rows in (
                ("insert", session.new),
                ("update", session.dirty),
                ("delete", session.deleted),
            ):
                for row in rows:
                    if op == "update" and not session.is_modified(row):
                        continue
                    self._seen(row, op)

        def after_flush(session, _context) -> None:
            # Keys of new rows are known only now.
            self.writes = [
                _keyed(write) if write.key is None and write.row is not None else write
                for write in self.writes
            ]

        def orm_execute(state) -> None:
            if state.is_insert or state.is_update or state.is_delete:
                table = getattr(state.statement, "table", None)
                name = getattr(table, "name", None)
                if name and name not in IGNORED:
                    op = "insert" if state.is_insert else "update" if state.is_update else "delete"
                    self.writes.append(Write(name, op, None))

        sync = self.session
        for name, hook in (
            ("before_flush", before_flush),
            ("after_flush", after_flush),
            ("do_orm_execute", orm_execute),
        ):
            event.listen(sync, name, hook)
            self._hooks.append((name, hook))
        return self

    def _seen(self, row, op: str) -> None:
        table = getattr(row, "__tablename__", None)
        if table is None or table in IGNORED:
            return
        self.writes.append(_keyed(Write(table, op, None, row)))

    def stop(self) -> list[Write]:
        for name, hook in self._hooks:
            if event.contains(self.session, name, hook):
                event.remove(self.session, name, hook)
        self._hooks.clear()
        return self.kept()

    def kept(self) -> list[Write]:
        """The writes that still stand: a row added and then undone (a step's savepoint
        rolled back) is left out; each row once, with its last kind of write."""
        seen: dict[tuple, Write] = {}
        for write in self.writes:
            if write.row is not None and write.op == "insert":
                if not inspect(write.row).persistent:
                    continue
            key = (write.table, write.key) if write.key is not None else (write.table, id(write))
            first = seen.get(key)
            # An insert then an update in one request is still an insert.
            seen[key] = first if first is not None and first.op == "insert" else write
        return list(seen.values())


def _keyed(write: Write) -> Write:
    if write.row is None:
        return write
    identity = inspect(write.row).identity
    key = identity[0] if identity and len(identity) == 1 else None
    return Write(write.table, write.op, key, write.row)
