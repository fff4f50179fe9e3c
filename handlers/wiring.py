"""Puts the features together into one conversation engine."""

from __future__ import annotations

from collections.abc import Callable

from linli.handlers.booking import flows, manage
from linli.handlers.events import flows as event_flows
from linli.handlers.facilities import browse
from linli.handlers.fund import flows as fund_flows
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.conversation import Conversation, Wiring
from linli.handlers.kit.flow import Ctx, Outcome, Switch
from linli.handlers.market import flows as market_flows
from linli.handlers.notices import flows as notice_flows
from linli.handlers.profile import leaving, menu, onboarding, profile, service, staff
from linli.handlers.proposals import flows as idea_flows


async def _lang_command(ctx: Ctx, argument: str) -> Outcome:
    """`/lang` — choose the language."""
    return Switch("language")


async def _profile_command(ctx: Ctx, argument: str) -> Outcome:
    """`/profile` — open the profile."""
    return Switch("profile")


async def _mine_command(ctx: Ctx, argument: str) -> Outcome:
    """`/mine` — my bookings."""
    return Switch("mine")


def build_conversation(
    db, clock: Clock, config: CoreConfig, on_outbox: Callable[[], None] | None = None
) -> Conversation:
    wiring = Wiring(
        flows=[
            onboarding.FLOW,
            profile.FLOW,
            profile.LANGUAGE_FLOW,
            profile.PLACE_FLOW,
            staff.FLOW,
            browse.FLOW,
            flows.BOOK_FLOW,
            flows.MINE_FLOW,
            flows.REQUEST_FLOW,
            manage.FLOW,
            notice_flows.NEW_NOTICE_FLOW,
            notice_flows.NOTICES_FLOW,
            notice_flows.TOPICS_FLOW,
            event_flows.EVENTS_FLOW,
            event_flows.NEW_EVENT_FLOW,
            idea_flows.PROPOSALS_FLOW,
            idea_flows.NEW_PROPOSAL_FLOW,
            market_flows.MARKET_FLOW,
            market_flows.NEW_MARKET_FLOW,
            fund_flows.FUND_FLOW,
            fund_flows.FEE_FLOW,
        ],
        menu=menu.main_menu,
        ensure_user=service.ensure_user,
        onboarding=onboarding.FLOW.name,
        commands={
            "lang": _lang_command,
            "profile": _profile_command,
            "join": profile.join_command,
            "mine": _mine_command,
            "start": onboarding.start_command,
        },
        actions={
            "wl-accept": flows.accept_offer,
            "wl-decline": flows.decline_offer,
            "rate": idea_flows.rate_action,
        },
        on_leave=leaving.left_channel,
    )
    return Conversation(db, clock, config, wiring, on_outbox=on_outbox)
