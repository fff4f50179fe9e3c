"""Imports point one way: the channel adapters under bot/ get what they need from the
composition root (bot/app.py) or the neutral kit, never from a feature package; and the main
menu is composed from what the features register, not by importing them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The composition root, and the command line: an operator's tool that calls the features'
# services directly (reports, grants, the demo), the way the root does.
COMPOSITION = {"bot/app.py", "bot/cli.py"}
# The web console's pages are the same kind of staff tool as the command line: each calls
# its feature's services. The console's frame (sign-in, sessions, CSRF) imports no feature.
CONSOLE_PAGES = "bot/console/pages/"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _feature(name: str) -> str | None:
    """The feature package an import names (linli.handlers.<feature>…), else None."""
    parts = name.split(".")
    if parts[:2] == ["linli", "handlers"] and len(parts) > 2 and parts[2] != "kit":
        return parts[2]
    return None


def test_the_adapters_import_no_feature():
    wrong = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where in COMPOSITION or where.startswith(CONSOLE_PAGES):
            continue
        wrong += [f"{where}: {name}" for name in _imports(path) if _feature(name)]
    assert wrong == []


def test_the_kit_and_the_main_menu_import_no_feature():
    paths = [*sorted((ROOT / "handlers" / "kit").glob("*.py")), ROOT / "handlers/profile/menu.py"]
    wrong = []
    for path in paths:
        where = path.relative_to(ROOT).as_posix()
        wrong += [f"{where}: {name}" for name in _imports(path) if _feature(name)]
    assert wrong == []


def test_the_check_sees_a_feature_import():
    assert _feature("linli.handlers.booking.service") == "booking"
    assert _feature("linli.handlers.kit.flow") is None
    assert _feature("linli.storage.db") is None
