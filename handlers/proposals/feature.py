"""金点子: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Keyword
from linli.handlers.kit.text import t
from linli.handlers.proposals import flows

FEATURE = Feature(
    name="proposals",
    flows=(flows.PROPOSALS_FLOW, flows.NEW_PROPOSAL_FLOW),
    keywords=(Keyword(t("keywords-proposals"), flows.PROPOSALS_FLOW.name),),
    menu=(MenuEntry(t("menu-proposals"), flows.PROPOSALS_FLOW.name, order=40),),
    staff_desk=(MenuEntry(t("staff-proposals"), flows.PROPOSALS_FLOW.name, order=50),),
    former_names={"ideas": flows.PROPOSALS_FLOW.name, "idea_new": flows.NEW_PROPOSAL_FLOW.name},
    actions={"rate": flows.rate_action},
)
