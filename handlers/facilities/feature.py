"""社区之家: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.facilities import browse
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Keyword
from linli.handlers.kit.text import t


def _listing(kind: str) -> dict:
    return {"kind": kind, "value": "", "page": 0}


FEATURE = Feature(
    name="facilities",
    flows=(browse.FLOW,),
    menu=(MenuEntry(t("menu-facilities"), browse.FLOW.name, order=10),),
    # Straight to a list: 现在开放 and 周末 the open ones (预约 is booking's 预约场地).
    keywords=(
        Keyword(t("keywords-now"), browse.FLOW.name, "list", _listing("now")),
        Keyword(t("keywords-weekend"), browse.FLOW.name, "list", _listing("weekend")),
    ),
)
