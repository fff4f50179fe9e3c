"""People and places: what this feature gives the engine."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Ctx, Outcome, Switch
from linli.handlers.kit.text import t
from linli.handlers.profile import (
    consent,
    console_signin,
    linking,
    mydata,
    onboarding,
    profile,
    residents,
    service,
    staff,
)
from linli.storage.uow import UnitOfWork


async def _lang_command(ctx: Ctx, argument: str) -> Outcome:
    """`/lang` — choose the language."""
    return Switch(profile.LANGUAGE_FLOW.name)


async def _profile_command(ctx: Ctx, argument: str) -> Outcome:
    """`/profile` — open the profile."""
    return Switch(profile.FLOW.name)


async def _is_staff(ctx: Ctx) -> bool:
    return await service.staff_community(ctx.uow, ctx.user) is not None


async def _left(uow: UnitOfWork, channel: str, external_id: str, now: dt.datetime, config) -> None:
    await service.mark_unreachable(uow, channel, external_id, now)


FEATURE = Feature(
    name="profile",
    flows=(
        consent.FLOW,
        onboarding.FLOW,
        profile.FLOW,
        profile.LANGUAGE_FLOW,
        profile.PLACE_FLOW,
        staff.FLOW,
        residents.FLOW,
        mydata.FLOW,
        linking.FLOW,
        console_signin.FLOW,
    ),
    menu=(
        MenuEntry(t("menu-profile"), profile.FLOW.name, order=60),
        MenuEntry(t("menu-staff"), staff.FLOW.name, order=80, visible=_is_staff),
    ),
    staff_desk=(
        MenuEntry(t("staff-residents"), residents.FLOW.name, order=94),
        MenuEntry(t("staff-console"), console_signin.FLOW.name, order=98),
    ),
    commands={
        "lang": _lang_command,
        "profile": _profile_command,
        "join": profile.join_command,
        "start": onboarding.start_command,
        "link": linking.link_command,
        "console": console_signin.console_command,
    },
    # First, so the features after it see the user unreachable already.
    on_leave=(_left,),
)
