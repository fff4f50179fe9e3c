"""社区之家: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.facilities import browse
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Keyword
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="facilities",
    flows=(browse.FLOW,),
    menu=(MenuEntry(t("menu-facilities"), browse.FLOW.name, order=10),),
    # Straight to a list: 预约 the bookable places, 现在开放 and 周末 the open ones.
    keywords=tuple(
        Keyword(
            f"keywords-{kind}", browse.FLOW.name, "list", {"kind": kind, "value": "", "page": 0}
        )
        for kind in ("bookable", "now", "weekend")
    ),
)
