"""金点子: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t
from linli.handlers.proposals import flows

FEATURE = Feature(
    name="proposals",
    flows=(flows.IDEAS_FLOW, flows.NEW_IDEA_FLOW),
    menu=(MenuEntry(t("menu-ideas"), flows.IDEAS_FLOW.name, order=40),),
    staff_desk=(MenuEntry(t("staff-ideas"), flows.IDEAS_FLOW.name, order=50),),
    actions={"rate": flows.rate_action},
)
