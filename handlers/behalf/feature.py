"""代办: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.behalf import flows, service
from linli.handlers.kit import acting
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="behalf",
    flows=(flows.FLOW,),
    staff_desk=(MenuEntry(t("staff-behalf"), flows.FLOW.name, order=96),),
    actions={acting.END_ACTION: flows.end_action},
)

# The engine's side of acting for a resident (kit/acting.py).
ACTING = acting.Acting(
    resume=service.resume,
    banner=service.banner,
    record=service.record,
    flows=service.FLOWS,
    idle=t("behalf-ended-idle"),
    refused=t("hint-not-while-acting"),
)
