"""Every column about a person is classified: personal (exported, erased) or kept on
purpose (with why). A new table pointing at users, or a text column beside such a
pointer, fails here until someone decides which it is."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text

from linli.storage.models import Base
from linli.storage.repos.privacy import NOT_PERSONAL, PERSONAL

# Tables that point at people without a foreign key: their labels (user:N) and signatures.
LABELLED = {"fund_ledger": ("approved_by", "donor"), "audit_log": ("actor", "target")}


def _points_at_users(column) -> bool:
    return any(fk.column.table.name == "users" for fk in column.foreign_keys)


def _holds_text(column) -> bool:
    return isinstance(column.type, String | Text | JSON)


def _to_classify() -> set[str]:
    names = set()
    for table in Base.metadata.sorted_tables:
        pointers = [c for c in table.columns if _points_at_users(c)]
        if not pointers and table.name != "users":
            continue
        for column in table.columns:
            if _points_at_users(column) or _holds_text(column):
                names.add(f"{table.name}.{column.name}")
    for table, columns in LABELLED.items():
        names |= {f"{table}.{c}" for c in columns}
    return names


def _covered(name: str) -> bool:
    table = name.split(".")[0]
    return any(key in PERSONAL or key in NOT_PERSONAL for key in (name, f"{table}.*"))


def test_every_column_about_a_person_is_classified():
    unclassified = sorted(name for name in _to_classify() if not _covered(name))
    assert unclassified == [], "add each to PERSONAL or NOT_PERSONAL in storage/repos/privacy.py"


def test_nothing_is_both_personal_and_not():
    assert set(PERSONAL) & set(NOT_PERSONAL) == set()


def test_every_entry_names_a_real_column():
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    wrong = []
    for name in [*PERSONAL, *NOT_PERSONAL]:
        table, _, column = name.partition(".")
        if table not in tables or (column != "*" and column not in tables[table].columns):
            wrong.append(name)
    assert wrong == []


def test_every_kept_column_says_why():
    assert all(len(why) > 5 for why in NOT_PERSONAL.values())


def test_the_check_catches_a_new_table():
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

    scratch = MetaData()
    Table("users", scratch, Column("id", Integer, primary_key=True))
    table = Table(
        "future_notes",
        scratch,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
        Column("body", Text),
    )
    pointers = [c.name for c in table.columns if _points_at_users(c)]
    assert pointers == ["user_id"]
    assert not _covered("future_notes.user_id") and not _covered("future_notes.body")
