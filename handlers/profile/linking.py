"""One resident across Telegram and WeChat: link two accounts with a one-time code.

`/link` (or 我的资料 → 关联其他账号) shows a 6-digit code, good for 10 minutes; typed on
the other app (`/link 123456`, or the same profile entry there) it joins the two
accounts into one person: the older account keeps everything, the newer one's bookings,
proposals, supports, applications and roles move onto it (storage/repos/link.py). The
person chooses which app gets pushes, and may unlink from either side; both are told.

Wrong codes are counted per account: after `MAX_FAILURES` in an hour it must wait, so
a code cannot be guessed (a million codes, five tries an hour).

Where each step goes: `linli flows link` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt
import secrets

from linli.handlers.kit import ids
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Stay, Step
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import User
from linli.storage.uow import UnitOfWork

CODE_DIGITS = 6
CODE_MINUTES = 10
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(hours=1)


CHANNEL_NAMES = {"telegram": t("link-channel-telegram"), "wechat": t("link-channel-wechat")}


def channel_name(channel: str) -> Text:
    """The app's name as residents say it (微信, not "wechat")."""
    return CHANNEL_NAMES.get(channel, t("link-channel-other"))


async def _others(uow: UnitOfWork, person: User) -> list[User]:
    return (await uow.users.accounts_of(person))[1:]


async def issue_code(uow: UnitOfWork, account: User, now: dt.datetime) -> str:
    """A new code for this account (its earlier one no longer works)."""
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not await uow.link.code_in_use(code, now):
            break
    await uow.link.new_code(account.id, code, now, now + dt.timedelta(minutes=CODE_MINUTES))
    return code


async def _locked(uow: UnitOfWork, account: User, now: dt.datetime) -> Text | None:
    """Too many wrong codes in the last hour: when the account may try again."""
    since = now - FAILURE_WINDOW
    if await uow.link.failures_since(account.id, since) < MAX_FAILURES:
        return None
    first = await uow.link.first_failure_since(account.id, since) or now
    minutes = max(1, int((first + FAILURE_WINDOW - now).total_seconds() // 60) + 1)
    return t("link-too-many", minutes=minutes)


async def _wrong(uow: UnitOfWork, account: User, now: dt.datetime) -> Outcome:
    """A wrong (or spent, or expired) code: counted; the last allowed try says to wait."""
    uow.link.add_failure(account.id, now)
    left = MAX_FAILURES - await uow.link.failures_since(account.id, now - FAILURE_WINDOW)
    if left <= 0:
        return Done([await _locked(uow, account, now) or t("link-code-wrong")])
    return Stay(t("link-code-wrong"))


async def redeem(ctx: Ctx, typed: str) -> Outcome:
    """Link this account with the one whose code was typed. Never raises: a wrong code is
    recorded, and a rolled-back rule would take the record with it."""
    uow, account, now = ctx.uow, ctx.account, ctx.clock.now()
    locked = await _locked(uow, account, now)
    if locked is not None:
        return Done([locked])
    # Full-width digits from Chinese keyboards; "123 456" typed as it is shown.
    code = ids.typed_code(typed)
    if not (code.isdigit() and len(code) == CODE_DIGITS):
        return Stay(t("link-code-format"))
    found = await uow.link.live_code(code, now)
    if found is not None and found.user_id == account.id:
        return Stay(t("link-own-code"))
    other = await uow.users.get(found.user_id) if found is not None else None
    if other is None:
        return await _wrong(uow, account, now)
    person = ctx.user
    other_person = await uow.users.person(other)
    # Refusals that are no guess leave the code for the account it was meant for.
    if other_person.id == person.id:
        return Done([t("link-already-same")])
    if await _others(uow, person) or await _others(uow, other_person):
        return Done([t("link-already-linked")])
    if other.channel == account.channel:
        return Done([t("link-same-channel")])
    if not await uow.link.use_code(found.id, now):  # someone else spent it a moment ago
        return await _wrong(uow, account, now)
    # The older account is the person: it has the longer history (and its roles).
    older, newer = sorted((account, other), key=lambda u: (u.created_at, u.id))
    await uow.link.link(older, newer)
    target = await uow.users.push_target(older)
    await uow.outbox.retarget_pending([older.id, newer.id], target.id)
    # The reply and menu are the person's now (never while acting for someone: 代办 has no /link).
    ctx.user = ctx.actor = older
    # Who became whom stays on record for the community (a resident may ask later).
    await write_audit(
        uow,
        now=now,
        community_id=older.community_id,
        actor=ids.actor(account),
        action="account.link",
        target=ids.actor(newer),
        details={"into": ids.actor(older)},
    )
    await push(
        uow,
        other.id,
        t("link-linked-other", channel=channel_name(account.channel)),
        kind="link",
        now=now,
        urgent=True,
        to_account=True,
    )
    return Done([t("link-linked", channel=channel_name(other.channel))])


async def unlink(ctx: Ctx) -> Outcome:
    """Part the two accounts: the newer starts afresh, everything stays with the person."""
    uow, account, person, now = ctx.uow, ctx.account, ctx.user, ctx.clock.now()
    others = await _others(uow, person)
    if not others:
        return Done([t("link-not-linked")])
    newer = others[0]
    await uow.link.unlink(newer)
    person.push_channel = None
    await uow.outbox.retarget_pending([newer.id], person.id)
    other = newer if account.id == person.id else person
    await write_audit(
        uow,
        now=now,
        community_id=person.community_id,
        actor=ids.actor(account),
        action="account.unlink",
        target=ids.actor(newer),
        details={"from": ids.actor(person)},
    )
    await push(
        uow,
        other.id,
        t("link-unlinked-other", channel=channel_name(account.channel)),
        kind="link",
        now=now,
        urgent=True,
        to_account=True,
    )
    said = [t("link-unlinked", channel=channel_name(other.channel))]
    if account.id == newer.id:
        # This app starts again from the beginning (onboarding at the next message).
        ctx.user = ctx.actor = account
        return Done([*said, t("link-fresh")], show_menu=False)
    return Done(said)


async def choose_push_channel(ctx: Ctx, channel: str) -> Outcome:
    accounts = await ctx.uow.users.accounts_of(ctx.user)
    chosen = next((a for a in accounts if a.channel == channel), None)
    if chosen is None or len(accounts) < 2:
        return Stay(t("hint-use-buttons"))
    ctx.user.push_channel = None if chosen.id == ctx.user.id else channel
    await ctx.uow.outbox.retarget_pending([a.id for a in accounts], chosen.id)
    return Done([t("link-push-set", channel=channel_name(channel))])


# --- the flow ------------------------------------------------------------------------------


async def ask_home(ctx: Ctx) -> Reply:
    """Linked: which apps, where pushes go, unlink. Not linked: get or enter a code."""
    accounts = await ctx.uow.users.accounts_of(ctx.user)
    if len(accounts) < 2:
        return Reply(
            messages=[t("link-intro")],
            buttons=[
                ctx.button(t("link-get-code"), "code"),
                ctx.button(t("link-enter-code"), "enter"),
            ],
        )
    target = await ctx.uow.users.push_target(ctx.user)
    buttons = [
        ctx.button(t("link-push-to", channel=channel_name(a.channel)), f"push:{a.channel}")
        for a in accounts
        if a.id != target.id
    ]
    buttons.append(ctx.button(t("link-unlink"), "unlink"))
    others = [a for a in accounts if a.id != ctx.account.id]
    return Reply(
        messages=[
            t(
                "link-status",
                channel=channel_name(others[0].channel),
                push=channel_name(target.channel),
            )
        ],
        buttons=buttons,
    )


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    """Show a code, ask for one, change where pushes go, or confirm unlinking."""
    linked = len(await ctx.uow.users.accounts_of(ctx.user)) > 1
    if given.value == "code" and not linked:
        return await show_code(ctx)
    if given.value == "enter" and not linked:
        return Next("enter")
    if given.value == "unlink" and linked:
        return Next("unlink")
    if given.value and given.value.startswith("push:") and linked:
        return await choose_push_channel(ctx, given.value.removeprefix("push:"))
    return Stay(t("hint-use-buttons"))


async def show_code(ctx: Ctx) -> Outcome:
    if len(await ctx.uow.users.accounts_of(ctx.user)) > 1:
        return Done([t("link-already-linked")])
    code = await issue_code(ctx.uow, ctx.account, ctx.clock.now())
    spaced = f"{code[:3]} {code[3:]}"
    return Done([t("link-code", code=spaced, minutes=CODE_MINUTES)])


async def ask_enter(ctx: Ctx) -> Reply:
    """Ask for the code shown on the other app."""
    return Reply(messages=[t("link-enter-ask")])


async def answer_enter(ctx: Ctx, given: Input) -> Outcome:
    """Link with the account whose code this is; a wrong code asks again (a few times)."""
    if not given.text.strip():
        return Stay(t("link-enter-ask"))
    return await redeem(ctx, given.text)


async def ask_unlink(ctx: Ctx) -> Reply:
    """Ask once whether to part the two accounts."""
    return Reply(
        messages=[t("link-unlink-confirm")],
        buttons=[
            ctx.button(t("link-unlink-yes"), "yes"),
            ctx.button(t("link-unlink-no"), "no"),
        ],
    )


async def answer_unlink(ctx: Ctx, given: Input) -> Outcome:
    """Unlink on yes; anything else changes nothing."""
    if given.value == "yes":
        return await unlink(ctx)
    if given.value == "no":
        return Done([t("link-unlink-kept")])
    return Stay(t("hint-use-buttons"))


async def link_command(ctx: Ctx, argument: str) -> Outcome:
    """`/link` — show a code for the other app; `/link 123456` — enter the other's code."""
    if argument.strip():
        return await redeem(ctx, argument)
    return await show_code(ctx)


FLOW = Flow(
    name="link",
    first="home",
    steps={
        "home": Step(ask_home, answer_home, to={"enter", "unlink"}),
        # Six digits are the code here, not the number of a choice.
        "enter": Step(ask_enter, answer_enter, numbers_choose=False),
        "unlink": Step(ask_unlink, answer_unlink),
    },
    # A new app's account may link before choosing a community: it gets the person's.
    needs_community=False,
)
