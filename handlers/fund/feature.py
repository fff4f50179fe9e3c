"""社区发展基金: what this feature gives the engine."""

from __future__ import annotations

from linli.handlers.fund import flows
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.text import t

FEATURE = Feature(
    name="fund",
    flows=(flows.FUND_FLOW, flows.FEE_FLOW),
    staff_desk=(MenuEntry(t("staff-fund"), flows.FUND_FLOW.name, order=70),),
)
