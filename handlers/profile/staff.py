"""Staff tools in chat: hand out an invite code, see and take back roles, read the
community's recent audit log; the notice, event and market tools are flows of their own.

Where each step goes: `linli flows staff` (docs/flows.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from linli.handlers.kit import when
from linli.handlers.kit.feature import MenuEntry
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
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.spoken_time import Problem, explain
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import residency, service
from linli.storage.models import Community


async def _community(ctx: Ctx) -> Community:
    return await service.acting_community(ctx.uow, ctx.user, ctx.data)


async def _note(ctx: Ctx) -> Text:
    return t("staff-acting", community=raw((await _community(ctx)).name))


async def ask_home(ctx: Ctx) -> Reply:
    """Offer the staff tools for the community this staff member acts for."""
    community = await _community(ctx)
    buttons = [
        ctx.button(t("staff-switch", community=raw(other.name)), f"switch:{other.id}")
        for other in await service.staff_communities(ctx.uow, ctx.user)
        if other.id != community.id
    ]
    buttons += [
        ctx.button(t("staff-make-invite"), "invite"),
        ctx.button(t("staff-audit"), "audit"),
    ]
    # The other features' tools open flows of their own, for the community the desk acts for.
    buttons += [ctx.button(entry.label, entry.flow) for entry in ctx.staff_desk]
    buttons.append(ctx.button(t("staff-people"), "people"))
    messages = [t("staff-home"), await _note(ctx)]
    waiting = await residency.count_pending(ctx.uow, community.id)
    if waiting:
        messages.append(t("staff-residents-waiting", count=waiting))
    return Reply(messages=messages, buttons=buttons)


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or ""
    if value.startswith("switch:") and value[7:].isdigit():
        chosen = await service.choose_staff_community(ctx.uow, ctx.user, int(value[7:]))
        return Redraw([t("staff-switched", community=raw(chosen.name))])
    community = await _community(ctx)
    if value in {entry.flow for entry in ctx.staff_desk}:
        return Switch(value, service.acting_data(community))
    # The steps below act for the community shown now, even if the desk is switched
    # meanwhile (on another device).
    ctx.data.update(service.acting_data(community))
    if value == "invite":
        return Next("invite_role")
    if value == "people":
        ctx.data["page"] = 0
        return Next("people")
    if value == "audit":
        ctx.data["page"] = 0
        return Next("audit")
    return Stay(t("hint-use-buttons"))


async def ask_role(ctx: Ctx) -> Reply:
    """Which role the code will give."""
    return Reply(
        messages=[await _note(ctx), t("staff-invite-role")],
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


AUDIT_PAGE = 8
EXPORT_PAGE = 20  # lines to a text page where no file can be sent
FILTERS = ("audit_first", "audit_last", "audit_actor")


def _with_reason(target: str, details: dict | None) -> str:
    """The target, with the reason when the entry has one (a booking released on unfollow)."""
    reason = (details or {}).get("reason")
    return f"{target} ({reason})" if reason else target


async def _audit_lines(ctx: Ctx) -> list[service.AuditLine]:
    community = await _community(ctx)
    return await service.audit_in_words(
        ctx.uow,
        ctx.user,
        community.id,
        zone=ctx.config.zone,
        only=service.AuditFilter.from_data(ctx.data),
    )


async def _filter_words(ctx: Ctx) -> list[Text]:
    """What the log is narrowed to, if anything."""
    only = service.AuditFilter.from_data(ctx.data)
    said = []
    if only.first is not None:
        if only.first == only.last:
            said.append(t("staff-audit-day", day=only.first.isoformat()))
        else:
            said.append(
                t("staff-audit-days", first=only.first.isoformat(), last=only.last.isoformat())
            )
    if only.actor is not None:
        names = dict(await service.audit_people(ctx.uow, ctx.user, (await _community(ctx)).id))
        said.append(t("staff-audit-by", person=names.get(only.actor, raw(only.actor))))
    return said


async def ask_audit(ctx: Ctx) -> Reply:
    """The community's log in words, newest first, 8 to a page; narrowed by a typed day or
    span and by person; exported as a file."""
    lines = await _audit_lines(ctx)
    narrowed = await _filter_words(ctx)
    messages = [await _note(ctx), *narrowed]
    buttons = [
        ctx.button(t("staff-audit-person"), "person"),
    ]
    if narrowed:
        buttons.append(ctx.button(t("staff-audit-all"), "all"))
    if not lines and not narrowed:
        return Reply(messages=[*messages, t("staff-audit-empty")])
    if not lines:
        messages += [t("staff-audit-no-match"), t("staff-audit-ask-day")]
        return Reply(messages=messages, buttons=buttons)
    page = paginate(lines, int(ctx.data.get("page", 0)), AUDIT_PAGE)
    zone = ctx.config.zone
    messages.append(t("staff-audit-title", count=len(lines)))
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    for line in page.items:
        messages.append(
            t(
                "staff-audit-line",
                when=when.moment(line.at, zone),
                actor=line.actor,
                action=service.action_words(line.action),
                target=raw(_with_reason(line.target, {"reason": line.reason})),
            )
        )
    messages.append(t("staff-audit-ask-day"))
    buttons.append(ctx.button(t("staff-audit-export"), "export"))
    return Reply(messages=messages, buttons=page_buttons(ctx, page) + buttons)


async def answer_audit(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if given.value == "person":
        ctx.data["people_page"] = 0
        return Next("audit_person")
    if given.value == "all":
        for key in FILTERS:
            ctx.data.pop(key, None)
        ctx.data["page"] = 0
        return Redraw()
    if given.value == "export":
        ctx.data["export_page"] = 0
        return Next("audit_export")
    if given.value is None and given.text:
        today = when.today(ctx)
        days = service.past_days(given.text, today)
        if isinstance(days, Problem):
            return Stay(explain(days))
        if days is None:
            return Stay(t("staff-audit-bad-day"))
        ctx.data.update(audit_first=days[0].isoformat(), audit_last=days[1].isoformat(), page=0)
        return Redraw()
    return Stay(t("hint-use-buttons"))


async def ask_audit_export(ctx: Ctx) -> Reply:
    """The (narrowed) log as a CSV file; where the channel cannot send files (WeChat),
    every line with its full date instead, 20 to a page."""
    community = await _community(ctx)
    lines = await _audit_lines(ctx)
    rows = service.audit_rows(lines, ctx.config.zone)
    messages = [await _note(ctx), *await _filter_words(ctx)]
    if service.takes_files(ctx.user):
        today = when.today(ctx)
        name = f"audit-{community.code}-{today:%Y-%m-%d}.csv"
        return Reply(
            messages=[*messages, t("staff-audit-exported", count=len(lines))],
            attachment=Attachment.csv(name, [list(service.AUDIT_CSV_HEADER), *rows]),
        )
    page = paginate(rows, int(ctx.data.get("export_page", 0)), EXPORT_PAGE)
    messages.append(t("staff-audit-title", count=len(lines)))
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    for at, actor, action, target, reason in page.items:
        messages.append(
            t(
                "staff-audit-line",
                when=at,
                actor=actor,
                action=action,
                target=raw(f"{target} ({reason})" if reason else target),
            )
        )
    return Reply(messages=messages, buttons=page_buttons(ctx, page))


async def answer_audit_export(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["export_page"] = turn
        return Redraw()
    return Stay(t("hint-use-buttons"))


async def ask_audit_person(ctx: Ctx) -> Reply:
    """The people who appear in the log; choosing one shows only what they did."""
    community = await _community(ctx)
    people = await service.audit_people(ctx.uow, ctx.user, community.id)
    page = paginate(people, int(ctx.data.get("people_page", 0)))
    buttons = [
        ctx.button(name, f"who:{actor}")
        for actor, name in page.items
        if len(actor.encode()) <= ACTOR_BYTES
    ]
    return Reply(
        messages=[await _note(ctx), t("staff-audit-pick-person")],
        buttons=buttons + page_buttons(ctx, page),
    )


# What fits in a button's 64 bytes beside its flow, step and screen (user:12, invite:ABCD…).
ACTOR_BYTES = 28


async def answer_audit_person(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["people_page"] = turn
        return Redraw()
    value = given.value or ""
    if not value.startswith("who:"):
        return Stay(t("hint-use-buttons"))
    ctx.data.update(audit_actor=value[4:], page=0)
    return Next("audit")


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
        messages=[await _note(ctx), t("staff-people-title", count=len(holders))],
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
        # The desk's tools of other features are added by the wiring (`with_desk`).
        "home": Step(ask_home, answer_home, to={"invite_role", "audit", "people"}),
        "invite_role": Step(ask_role, answer_role, to={"invite_unit"}),
        "invite_unit": Step(ask_unit, answer_unit),
        "audit": Step(
            ask_audit, answer_audit, to={"audit_person", "audit_export"}, takes_text=True
        ),
        "audit_person": Step(ask_audit_person, answer_audit_person, to={"audit"}),
        "audit_export": Step(ask_audit_export, answer_audit_export),
        "people": Step(ask_people, answer_people, to={"person"}),
        "person": Step(ask_person, answer_person),
    },
)


def with_desk(desk: Iterable[MenuEntry]) -> Flow:
    """This flow, its home declared to open the staff-desk tools the features registered."""
    home = FLOW.steps["home"]
    opens = home.switch | {entry.flow for entry in desk}
    return replace(FLOW, steps={**FLOW.steps, "home": replace(home, switch=opens)})
