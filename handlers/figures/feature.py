"""数据图表: what this feature gives the engine (a staff desk button)."""

from __future__ import annotations

from linli.handlers.figures import flows
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="figures",
    flows=(flows.FLOW,),
    staff_desk=(MenuEntry(t("figures-staff-button"), flows.FLOW.name, order=98),),
)
