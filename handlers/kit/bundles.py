"""Fluent bundles that parse a message the first time it is asked for.

Parsing every .ftl file at start held about 12 MB of syntax tree per copy (1,700 messages
a language, each node an object), in every process, for messages most processes never
show. The files are read whole; each message's source is kept as text until it is needed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast, visitor

# An entry starts at the beginning of a line with its id (a term's with "-"); everything
# up to the next entry is its value, attributes, and comments. Fluent requires the lines
# that continue an entry to be indented, so a line in the first column starts a new one.
_ENTRY = re.compile(r"^(-?[a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=", re.MULTILINE)
# Spans (each node's offsets in the file) are for tools that edit FTL, not for rendering.
_PARSER = FluentParser(with_spans=False)


def entries(source: str) -> dict[str, str]:
    """Each entry's own source by id (terms as "-id"); the first of a duplicated id wins,
    as in a FluentBundle."""
    found: dict[str, str] = {}
    starts = list(_ENTRY.finditer(source))
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(source)
        found.setdefault(match.group(1), source[match.start() : end])
    return found


class _References(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.ids.append(node.id.name)

    def visit_TermReference(self, node: ast.TermReference) -> None:
        self.ids.append("-" + node.id.name)
        self.generic_visit(node)


class LazyBundle(FluentBundle):
    """A FluentBundle of one locale whose messages are parsed on first use, with the
    messages and terms they refer to."""

    def __init__(self, locale: str, sources: Iterable[str], *, use_isolating: bool) -> None:
        super().__init__([locale], use_isolating=use_isolating)
        self._sources: dict[str, str] = {}
        for source in sources:
            for entry_id, text in entries(source).items():
                self._sources.setdefault(entry_id, text)
        # A chart is drawn (and its words rendered) on a worker thread.
        self._lock = threading.RLock()

    def _load(self, entry_id: str) -> None:
        if entry_id not in self._sources:
            return
        with self._lock:
            source = self._sources.get(entry_id)
            if source is None:
                return
            resource = _PARSER.parse(source)
            self.add_resource(resource)
            # Only now: another thread that finds it gone from here finds it in the bundle.
            del self._sources[entry_id]
            references = _References()
            references.visit(resource)
            for other in references.ids:
                self._load(other)

    def has_message(self, message_id: str) -> bool:
        self._load(message_id)
        return super().has_message(message_id)

    def get_message(self, message_id: str):
        self._load(message_id)
        return super().get_message(message_id)


def locale_bundles(directory: Path, *, use_isolating: bool = False) -> dict[str, LazyBundle]:
    """One bundle per locale folder of `directory` (its *.ftl files, in name order)."""
    return {
        folder.name: LazyBundle(
            folder.name,
            (file.read_text(encoding="utf-8") for file in sorted(folder.glob("*.ftl"))),
            use_isolating=use_isolating,
        )
        for folder in sorted(p for p in directory.iterdir() if p.is_dir())
    }
