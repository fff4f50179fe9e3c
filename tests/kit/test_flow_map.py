"""The map of the flows: each step declares where it may go, the engine holds it to that, and
docs/flows.md is what `linli flows` draws from those declarations."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import logging
import textwrap
from pathlib import Path

import pytest

from linli.handlers.kit.clock import FakeClock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.conversation import Conversation
from linli.handlers.kit.flow import Done, Flow, Next, Step, Switch
from linli.handlers.kit.flowchart import REGENERATE
from linli.handlers.wiring import build_conversation
from tests import factories, walk
from tests.walk import all_paths, state_of

DOCS = Path(__file__).parents[2] / "docs" / "flows.md"
PATHS = all_paths()


@pytest.fixture
async def db(demo_db):
    return demo_db


def _flows():
    return build_conversation(None, FakeClock(), CoreConfig()).flows


def _without(conversation: Conversation, flow: str, step: str, **changes) -> None:
    """The flow as if its step had not declared some of its moves."""
    old = conversation.flows[flow]
    steps = {**old.steps, step: dataclasses.replace(old.steps[step], **changes)}
    conversation.flows[flow] = dataclasses.replace(old, steps=steps)


async def _ask(ctx):
    raise AssertionError("not asked")


async def _answer(ctx, given):
    return Done()


def test_a_flow_refuses_a_step_going_nowhere():
    with pytest.raises(ValueError, match="nowhere"):
        Flow("x", "a", {"a": Step(_ask, _answer, to={"nowhere"})})


def test_the_engine_refuses_a_switch_to_no_flow():
    wiring = build_conversation(None, FakeClock(), CoreConfig()).wiring
    broken = Flow("x", "a", {"a": Step(_ask, _answer, switch={"nowhere"})})
    with pytest.raises(ValueError, match="nowhere"):
        Conversation(None, FakeClock(), CoreConfig(), dataclasses.replace(wiring, flows=[broken]))


async def test_an_undeclared_next_is_refused_and_changes_nothing(
    db, clock, conversation, translator, caplog
):
    chat, _ = await walk.reach(
        db, clock, conversation, translator, PATHS[("proposal_new", "title")]
    )
    _without(conversation, "proposal_new", "title", to=frozenset())
    caplog.set_level(logging.ERROR)
    await chat.send("楼道灯坏了要修")
    assert chat.keys() == ["error-internal"]
    assert await state_of(db, "u1") == ("proposal_new", "title")
    assert "proposal_new" in caplog.text and "'title'" in caplog.text
    assert "楼道灯" not in caplog.text  # what the user typed stays out of the log


async def test_an_undeclared_switch_is_refused(db, clock, conversation, translator, caplog):
    chat, _ = await walk.reach(db, clock, conversation, translator, PATHS[("profile", "home")])
    _without(conversation, "profile", "home", switch=frozenset())
    caplog.set_level(logging.ERROR)
    await chat.send(chat.number_of("profile-topics"))
    assert chat.keys() == ["error-internal"]
    assert await state_of(db, "u1") == ("profile", "home")
    assert "flow topics" in caplog.text


@pytest.mark.parametrize("flow", sorted(_flows()))
def test_every_step_can_be_reached_from_the_first(flow):
    """A step nothing declares a way to is either dead or reached by an undeclared move."""
    steps = _flows()[flow].steps
    seen, todo = set(), [_flows()[flow].first]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += steps[name].to
    assert seen == set(steps)


def _literal_moves(answer) -> tuple[set[str], set[str]]:
    """The step names and flow names an answer function writes out in its own body."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(answer)))
    moves: dict[str, set[str]] = {"Next": set(), "Switch": set()}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in moves and node.args:
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    moves[node.func.id].add(option.value)
    return moves["Next"], moves["Switch"]


@pytest.mark.parametrize("flow", sorted(_flows()))
def test_every_move_written_in_an_answer_is_declared(flow):
    """Read without running: the moves the walks in test_conversation.py do not make."""
    for name, step in _flows()[flow].steps.items():
        nexts, switches = _literal_moves(step.answer)
        if flow == "fund_fee":  # shares the fund's answers; a fee never asks for a donor
            nexts -= {"donor"}
        assert nexts <= step.to, f"{flow}.{name} goes to {nexts - step.to}, undeclared"
        assert switches <= step.switch, f"{flow}.{name} switches to {switches - step.switch}"


def test_the_docs_map_is_what_linli_flows_prints(tmp_path):
    done = factories.linli("flows", "--markdown", url=f"sqlite+aiosqlite:///{tmp_path}/none.db")
    assert DOCS.read_text(encoding="utf-8") == done.stdout, f"docs/flows.md is stale: {REGENERATE}"


def test_linli_flows_draws_one_flow_or_names_them_all(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/none.db"
    book = factories.linli("flows", "book", url=url).stdout
    assert book.startswith("flowchart TD\n")
    assert "book__slot --> book__wait" in book
    assert "mine__" not in book
    every = factories.linli("flows", url=url).stdout
    assert every.count("flowchart TD") == len(_flows())
    unknown = factories.linli("flows", "nope", url=url, check=False)
    assert unknown.returncode == 2
    assert "nope" in unknown.stderr and "book" in unknown.stderr


def test_next_and_switch_are_what_steps_declare():
    step = Step(_ask, _answer, to={"b"}, switch={"fund"})
    assert step.allows(Next("b")) and not step.allows(Next("c"))
    assert step.allows(Switch("fund")) and not step.allows(Switch("market"))
    assert step.allows(Done())
