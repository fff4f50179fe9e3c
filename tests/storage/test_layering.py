"""Queries live in storage/: features and channels reach the database through the unit of
work's repositories, never through its session or SQLAlchemy's query builders."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("bot", "handlers") for p in (ROOT / folder).rglob("*.py"))

# No exceptions: every feature and channel reaches the database through storage/repos.
ALLOWED: set[Path] = set()

# Errors a feature may catch (a unique constraint refusing a double tap) are not queries.
HARMLESS = {"sqlalchemy.exc"}


def _names_uow(node: ast.AST) -> bool:
    """`uow`, `ctx.uow`, `self.uow`: whatever holds the unit of work."""
    if isinstance(node, ast.Name):
        return "uow" in node.id
    if isinstance(node, ast.Attribute):
        return "uow" in node.attr
    return False


def _breaches(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "session" and _names_uow(node.value):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root == "sqlalchemy" and node.module not in HARMLESS:
                found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy" and alias.name not in HARMLESS:
                    found.append(f"{node.lineno}: import {alias.name}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_no_feature_or_channel_queries_the_database_itself():
    checked = [path.relative_to(ROOT) for path in SOURCES]
    # The rule looks where the code is (an empty glob would pass whatever the code does).
    assert Path("handlers/notices/service.py") in checked and len(checked) > 50
    breaches = {}
    for path, relative in zip(SOURCES, checked, strict=True):
        if relative not in ALLOWED and (found := _breaches(path.read_text(encoding="utf-8"))):
            breaches[str(relative)] = found
    assert breaches == {}, "use (or add) a repository method in storage/repos/"


def test_the_rule_sees_each_way_round_it():
    code = (
        "from sqlalchemy import select\n"
        "import sqlalchemy.orm\n"
        "from sqlalchemy.exc import IntegrityError\n"
        "async def f(ctx, uow):\n"
        "    await uow.session.get(X, 1)\n"
        "    await ctx.uow.session.scalars(q)\n"
        "    await self.bot.session.close()\n"
    )
    assert _breaches(code) == [
        "1: from sqlalchemy import …",
        "2: import sqlalchemy.orm",
        "5: uow.session",
        "6: ctx.uow.session",
    ]
