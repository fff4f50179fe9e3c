"""Puts the features together into one conversation engine: each feature gives its flows,
menu entries, commands and actions (its `feature.py`), and they are composed here only."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from linli.handlers.behalf.feature import ACTING
from linli.handlers.behalf.feature import FEATURE as BEHALF
from linli.handlers.board.feature import FEATURE as BOARD
from linli.handlers.booking.feature import FEATURE as BOOKING
from linli.handlers.contact.feature import FEATURE as CONTACT
from linli.handlers.events.feature import FEATURE as EVENTS
from linli.handlers.facilities.feature import FEATURE as FACILITIES
from linli.handlers.figures.feature import FEATURE as FIGURES
from linli.handlers.fund.feature import FEATURE as FUND
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.conversation import Conversation, Wiring
from linli.handlers.kit.feature import Feature, MenuEntry, leave_hook, merged, ordered
from linli.handlers.market.feature import FEATURE as MARKET
from linli.handlers.notices.feature import FEATURE as NOTICES
from linli.handlers.profile import consent, menu, onboarding, service, staff
from linli.handlers.profile.feature import FEATURE as PROFILE
from linli.handlers.proposals.feature import FEATURE as PROPOSALS

# In this order their leave hooks run (people and places first).
FEATURES: tuple[Feature, ...] = (
    PROFILE,
    FACILITIES,
    BOOKING,
    NOTICES,
    EVENTS,
    PROPOSALS,
    MARKET,
    FUND,
    CONTACT,
    BEHALF,
    BOARD,
    FIGURES,
)


def main_menu_entries(features: Iterable[Feature] = FEATURES) -> tuple[MenuEntry, ...]:
    """The main menu's entries in order, the ones for a role too."""
    return ordered(entry for feature in features for entry in feature.menu)


def resident_menu(features: Iterable[Feature] = FEATURES) -> tuple[MenuEntry, ...]:
    """What every resident has, in order (the WeChat custom menu offers all of it)."""
    return tuple(entry for entry in main_menu_entries(features) if entry.visible is None)


def build_wiring(features: Iterable[Feature] = FEATURES) -> Wiring:
    features = tuple(features)
    desk = ordered(entry for feature in features for entry in feature.staff_desk)
    flows = [
        staff.with_desk(desk) if flow is staff.FLOW else flow
        for feature in features
        for flow in feature.flows
    ]
    names = [flow.name for flow in flows]
    if len(set(names)) != len(names):
        raise ValueError(f"two flows share a name: {sorted(names)}")
    return Wiring(
        flows=flows,
        menu=menu.main_menu(main_menu_entries(features)),
        ensure_user=service.ensure_user,
        onboarding=onboarding.FLOW.name,
        consent=consent.FLOW.name,
        commands=merged(features, "commands"),
        actions=merged(features, "actions"),
        on_leave=leave_hook(features),
        staff_desk=desk,
        former_names={
            old: new for feature in features for old, new in feature.former_names.items()
        },
        acting=ACTING if BEHALF in features else None,
        keywords=tuple(k for feature in features for k in feature.keywords),
    )


def build_conversation(
    db,
    clock: Clock,
    config: CoreConfig,
    on_outbox: Callable[[], None] | None = None,
    observe: Callable[[str, float], None] | None = None,
) -> Conversation:
    return Conversation(db, clock, config, build_wiring(), on_outbox=on_outbox, observe=observe)
