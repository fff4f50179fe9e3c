"""Events: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.events import flows
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="events",
    flows=(flows.EVENTS_FLOW, flows.NEW_EVENT_FLOW),
    menu=(MenuEntry(t("menu-events"), flows.EVENTS_FLOW.name, order=30),),
    staff_desk=(
        MenuEntry(t("staff-new-event"), flows.NEW_EVENT_FLOW.name, order=30),
        MenuEntry(t("staff-events"), flows.EVENTS_FLOW.name, order=80),
    ),
)
