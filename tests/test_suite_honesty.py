"""The tests themselves: each one checks something, and no check is true whatever happens."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST_FILES = sorted(p for p in HERE.rglob("test_*.py") if "bench" not in p.parts)


def _functions(tree: ast.Module) -> dict[str, ast.AsyncFunctionDef | ast.FunctionDef]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(node.name, node)
    return found


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            target = call.func
            if isinstance(target, ast.Attribute):
                names.add(target.attr)
            elif isinstance(target, ast.Name):
                names.add(target.id)
    return names


def _checks_directly(node: ast.AST) -> bool:
    """An assert, or pytest.raises / pytest.fail in it."""
    if any(isinstance(n, ast.Assert) for n in ast.walk(node)):
        return True
    return bool(_called_names(node) & {"raises", "fail", "warns"})


def _checking_helpers(files: list[Path]) -> set[str]:
    """Helper functions (any test module, factories, fakes) that check something themselves."""
    helpers: dict[str, ast.AST] = {}
    for path in dict.fromkeys([*files, *HERE.rglob("*.py")]):  # each file parsed once
        helpers.update(_functions(ast.parse(path.read_text(encoding="utf-8"))))
    checking = {name for name, node in helpers.items() if _checks_directly(node)}
    # What each calls, walked once: the fixed point below went over every tree each round.
    calls = {name: _called_names(node) for name, node in helpers.items()}
    # A helper that calls a checking helper checks too (to a fixed point).
    while True:
        more = {name for name in helpers if name not in checking and calls[name] & checking}
        if not more:
            return checking
        checking |= more


def _module_level_names(tree: ast.Module) -> set[str]:
    names = set(dir(builtins))
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _about_module_constants_only(node: ast.Assert, module_names: set[str]) -> bool:
    """Nothing computed (no call) and nothing of the test's own: only module-level names."""
    if any(isinstance(n, ast.Call) for n in ast.walk(node.test)):
        return False
    used = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
    return used <= module_names


def test_every_test_checks_something():
    helpers = _checking_helpers(TEST_FILES)
    silent = []
    for path in TEST_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _functions(tree).items():
            if not name.startswith("test_"):
                continue
            if not (_checks_directly(node) or _called_names(node) & helpers):
                silent.append(f"{path.relative_to(HERE)}::{name}")
    assert silent == []


def test_no_assert_is_about_module_constants_only():
    """`assert service.CODE_ALPHABET` or `assert factories.ROOT == ROOT` can never fail."""
    constant = []
    for path in TEST_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_names = _module_level_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Assert):
                continue
            if _about_module_constants_only(node, module_names):
                constant.append(f"{path.relative_to(HERE)}:{node.lineno}")
    assert constant == []


def test_the_checks_above_catch_what_they_look_for(tmp_path):
    sample = ast.parse(
        "from x import service\nROOT = 1\n"
        "def test_a():\n    assert service.CODE\n"
        "def test_b():\n    assert ROOT == service.ROOT\n"
        "def test_c():\n    assert service.parse('1') == 1\n"
    )
    names = _module_level_names(sample)
    asserts = [n for n in ast.walk(sample) if isinstance(n, ast.Assert)]
    assert [_about_module_constants_only(a, names) for a in asserts] == [True, True, False]
    silent = ast.parse("def test_d():\n    x = 1\n")
    assert not _checks_directly(_functions(silent)["test_d"])
