"""Staff tools in chat: hand out an invite code, see and take back roles, read the
community's recent audit log; the notice, event and market tools are flows of their own.

home        — what to do (invite / audit / notice / notices / event / market / people)
audit       — the log in words, newest first, paged
invite_role — staff or operator → code (staff) or invite_unit (operator)
invite_unit — the unit the operator will look after → code
people      — everyone with a role here → person
person      — one of them → take the role back
"""

from __future__ import annotations

from linli.handlers.kit import when
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Flow,
    Input,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    Switch,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile import service
from linli.storage.models import Community


async def _community(ctx: Ctx) -> Community:
    return await service.acting_community(ctx.uow, ctx.user)


async def ask_home(ctx: Ctx) -> Reply:
    """Offer the staff tools for the community this staff member serves."""
    community = await _community(ctx)
    return Reply(
        messages=[t("staff-home", community=raw(community.name))],
        buttons=[
            ctx.button(t("staff-make-invite"), "invite"),
            ctx.button(t("staff-audit"), "audit"),
            ctx.button(t("staff-notice"), "notice"),
            ctx.button(t("staff-notices"), "notices"),
            ctx.button(t("staff-new-event"), "event_new"),
            ctx.button(t("staff-new-market"), "market_new"),
            ctx.button(t("staff-people"), "people"),
        ],
    )


def _with_reason(target: str, details: dict | None) -> str:
    """The target, with the reason when the entry has one (a booking released on unfollow)."""
    reason = (details or {}).get("reason")
    return f"{target} ({reason})" if reason else target


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "invite":
        return Next("invite_role")
    if given.value == "people":
        ctx.data["page"] = 0
        return Next("people")
    if given.value in ("notice", "notices", "event_new", "market_new"):
        return Switch(given.value)
    if given.value == "audit":
        ctx.data["page"] = 0
        return Next("audit")
    return Stay(t("hint-use-buttons"))


async def ask_role(ctx: Ctx) -> Reply:
    """Which role the code will give."""
    return Reply(
        messages=[t("staff-invite-role")],
        buttons=[
            ctx.button(t("role-staff"), "staff"),
            ctx.button(t("role-operator"), "operator"),
        ],
    )


async def _issue(ctx: Ctx, role: str, unit_id: int | None) -> Outcome:
    community = await _community(ctx)
    invite = await service.create_invite(
        ctx.uow,
        by=ctx.user,
        community=community,
        role=role,
        unit_id=unit_id,
        now=ctx.clock.now(),
        ttl=ctx.config.invite_ttl,
    )
    days = ctx.config.invite_ttl.days
    return Done([t("staff-invite-made", code=invite.code, days=days)])


async def answer_role(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "staff":
        return await _issue(ctx, "staff", None)
    if given.value == "operator":
        ctx.data["page"] = 0
        return Next("invite_unit")
    return Stay(t("hint-use-buttons"))


async def ask_unit(ctx: Ctx) -> Reply:
    """Which unit's facilities the operator will look after."""
    units = await ctx.uow.facilities.units_serving((await _community(ctx)).id)
    if not units:
        return Reply(messages=[t("staff-no-units")])
    page = paginate(units, int(ctx.data.get("page", 0)))
    buttons = [ctx.button(raw(u.name), u.id) for u in page.items] + page_buttons(ctx, page)
    return Reply(messages=[t("staff-invite-unit")], buttons=buttons)


async def answer_unit(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if given.value and given.value.isdigit():
        return await _issue(ctx, "operator", int(given.value))
    return Stay(t("hint-use-buttons"))


# What each recorded action means, in words staff read (the log stores short codes).
ACTIONS = {
    "event.create": t("audit-event-create"),
    "facilities.import": t("audit-facilities-import"),
    "facility.close": t("audit-facility-close"),
    "facility.hours": t("audit-facility-hours"),
    "facility.open": t("audit-facility-open"),
    "fund.entry": t("audit-fund-entry"),
    "invite.create": t("audit-invite-create"),
    "market.attendance": t("audit-market-attendance"),
    "market.create": t("audit-market-create"),
    "market.draw": t("audit-market-draw"),
    "market.pardon": t("audit-market-pardon"),
    "market.reject": t("audit-market-reject"),
    "notice.cancel": t("audit-notice-cancel"),
    "notice.create": t("audit-notice-create"),
    "proposal.adopt": t("audit-proposal-adopt"),
    "proposal.decline": t("audit-proposal-decline"),
    "proposal.hide": t("audit-proposal-hide"),
    "proposal.merge": t("audit-proposal-merge"),
    "proposal.progress": t("audit-proposal-progress"),
    "proposal.schedule": t("audit-proposal-schedule"),
    "proposal.show": t("audit-proposal-show"),
    "proposal.summary": t("audit-proposal-summary"),
    "proposal.threshold": t("audit-proposal-threshold"),
    "role.grant": t("audit-role-grant"),
    "role.revoke": t("audit-role-revoke"),
}
AUDIT_PAGE = 8


async def _audit_lines(ctx: Ctx) -> list[service.AuditLine]:
    community = await _community(ctx)
    return await service.audit_in_words(ctx.uow, ctx.user, community.id)


async def ask_audit(ctx: Ctx) -> Reply:
    """The community's log in words, newest first, by date and person, 8 to a page."""
    lines = await _audit_lines(ctx)
    if not lines:
        return Reply(messages=[t("staff-audit-empty")])
    page = paginate(lines, int(ctx.data.get("page", 0)), AUDIT_PAGE)
    zone = ctx.config.zone
    messages = [t("staff-audit-title", count=len(lines))]
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    for line in page.items:
        messages.append(
            t(
                "staff-audit-line",
                when=when.moment(line.at, zone),
                actor=line.actor,
                action=ACTIONS.get(line.action, raw(line.action)),
                target=raw(line.target),
            )
        )
    return Reply(messages=messages, buttons=page_buttons(ctx, page))


async def answer_audit(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    return Stay(t("hint-use-buttons"))


def _holder_label(holder: service.RoleHolder):
    name = holder.user.display_name or f"{holder.user.channel}:{holder.user.external_id[-4:]}"
    if holder.grant.role == "operator":
        return t("staff-person-operator", name=raw(name), unit=raw(holder.unit_name or ""))
    return t("staff-person-staff", name=raw(name))


async def ask_people(ctx: Ctx) -> Reply:
    """Everyone with a role in this community; choosing one offers to take it back."""
    community = await _community(ctx)
    holders = await service.role_holders(ctx.uow, ctx.user, community.id)
    page = paginate(holders, int(ctx.data.get("page", 0)))
    buttons = [ctx.button(_holder_label(h), h.grant.id) for h in page.items]
    return Reply(
        messages=[t("staff-people-title", count=len(holders))],
        buttons=buttons + page_buttons(ctx, page),
    )


async def answer_people(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if given.value and given.value.isdigit():
        ctx.data["grant"] = int(given.value)
        return Next("person")
    return Stay(t("hint-use-buttons"))


async def ask_person(ctx: Ctx) -> Reply:
    community = await _community(ctx)
    holders = {h.grant.id: h for h in await service.role_holders(ctx.uow, ctx.user, community.id)}
    holder = holders.get(int(ctx.data.get("grant", 0)))
    if holder is None:
        return Reply(messages=[t("staff-person-gone")])
    return Reply(
        messages=[_holder_label(holder), t("staff-revoke-ask")],
        buttons=[ctx.button(t("staff-revoke"), "revoke")],
    )


async def answer_person(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "revoke":
        return Stay(t("hint-use-buttons"))
    await service.revoke_role(ctx.uow, ctx.user, int(ctx.data["grant"]), ctx.clock.now())
    return Done([t("staff-revoked")])


FLOW = Flow(
    name="staff",
    first="home",
    steps={
        "home": Step(ask_home, answer_home),
        "invite_role": Step(ask_role, answer_role),
        "invite_unit": Step(ask_unit, answer_unit),
        "audit": Step(ask_audit, answer_audit),
        "people": Step(ask_people, answer_people),
        "person": Step(ask_person, answer_person),
    },
)
