"""Notices: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t
from linli.handlers.notices import flows

FEATURE = Feature(
    name="notices",
    flows=(flows.NEW_NOTICE_FLOW, flows.NOTICES_FLOW, flows.TOPICS_FLOW),
    staff_desk=(
        MenuEntry(t("staff-notice"), flows.NEW_NOTICE_FLOW.name, order=10),
        MenuEntry(t("staff-notices"), flows.NOTICES_FLOW.name, order=20),
    ),
    former_names={"notice": flows.NEW_NOTICE_FLOW.name},
)
