"""公示栏: what this feature gives the engine (the public pages are bot/console/pages/board.py)."""

from __future__ import annotations

from linli.handlers.board import flows
from linli.handlers.kit.feature import Feature
from linli.handlers.kit.flow import Ctx, Keyword, Outcome, Switch
from linli.handlers.kit.text import t


async def _board_command(ctx: Ctx, argument: str) -> Outcome:
    """`/board` — the link to the community's public board (公示栏 typed alone does too)."""
    return Switch(flows.FLOW.name)


FEATURE = Feature(
    name="board",
    flows=(flows.FLOW,),
    keywords=(Keyword(t("console-board-keywords"), flows.FLOW.name),),
    commands={"board": _board_command},
)
