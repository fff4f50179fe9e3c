"""联系居委会: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.contact import flows
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="contact",
    flows=(flows.FLOW,),
    menu=(MenuEntry(t("menu-contact"), flows.FLOW.name, order=65),),
    staff_desk=(MenuEntry(t("staff-contact"), flows.FLOW.name, order=90),),
)
