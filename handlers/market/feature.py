"""睦邻集市: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Keyword
from linli.handlers.kit.text import t
from linli.handlers.market import flows

FEATURE = Feature(
    name="market",
    flows=(flows.MARKET_FLOW, flows.NEW_MARKET_FLOW),
    keywords=(Keyword(t("keywords-market"), flows.MARKET_FLOW.name),),
    menu=(MenuEntry(t("menu-market"), flows.MARKET_FLOW.name, order=50),),
    staff_desk=(
        MenuEntry(t("staff-new-market"), flows.NEW_MARKET_FLOW.name, order=40),
        MenuEntry(t("staff-market"), flows.MARKET_FLOW.name, order=60),
    ),
)
