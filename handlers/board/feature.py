"""公示栏: what this feature gives the engine (the public pages are bot/console/pages/board.py)."""

from __future__ import annotations

from linli.handlers.board import flows
from linli.handlers.kit.feature import Feature
from linli.handlers.kit.flow import Keyword
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="board",
    flows=(flows.FLOW,),
    keywords=(Keyword(t("console-board-keywords"), flows.FLOW.name),),
)
