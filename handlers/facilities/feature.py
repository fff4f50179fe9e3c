"""社区之家: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.facilities import browse
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="facilities",
    flows=(browse.FLOW,),
    menu=(MenuEntry(t("menu-facilities"), browse.FLOW.name, order=10),),
)
