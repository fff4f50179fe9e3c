"""The conversation engine: one Request in, one Reply out, state kept in the database.

Order of reading a message: someone who has not agreed to the current privacy notice gets
the notice, whatever they sent, and only its answers count (`Wiring.consent`); else a
pressed button or a typed number of the last reply's
buttons (or of a push with buttons delivered after it); then the words that work
everywhere (菜单, 取消, 返回, /lang…); then onboarding for someone who has not picked a
community; then the current step of the current flow. Anything else gets a short hint
and the menu, never silence.

Every reply is a new screen with a new version (`ConversationState.screen`). The buttons
that answer a step carry it, so one pressed on an older message is refused with
"这个按钮已过期" and the current screen; buttons that name their object (`go|…`, `do|…`)
are checked against the user's rights instead, whenever they are pressed.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from linli.handlers.kit import payload as codec
from linli.handlers.kit.acting import Acting
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.config import CoreConfig, supported_locale
from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Flow,
    Input,
    Keyword,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    Switch,
    snapshot,
)
from linli.handlers.kit.parse import choice_number, forged_number, whole_number
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.request import Request
from linli.handlers.kit.tags import user_tag
from linli.handlers.kit.text import Text, t
from linli.handlers.kit.words import words
from linli.storage.db import is_busy
from linli.storage.models import ConversationState, User

log = logging.getLogger(__name__)
DAY_WORDS = ("号", "號", "日")  # 5号 / 5日 typed where a day is read
# Waits between attempts when the database is busy (seconds); then the user is asked to retry.
BUSY_PAUSES = (0.2, 1.0)

# Typed words that act like the navigation buttons, in both languages.
MENU_WORDS = {
    "菜单",
    "主菜单",
    "回主菜单",
    "menu",
    "/menu",
    "/start",
    "开始",
    "start",
    "/help",
    "帮助",
    "help",
}
CANCEL_WORDS = {"取消", "不办了", "退出", "cancel", "/cancel", "quit"}
BACK_WORDS = {"返回", "上一步", "back", "/back"}
# Shows again the last pushed message that had choices (one that came as a WeChat
# template, which cannot carry them): its buttons become the numbered options.
CHOICES_WORDS = {"选项", "options", "/options"}

NAV_CANCEL = codec.encode("cancel")
NAV_MENU = codec.encode("menu")

MenuBuilder = Callable[[Ctx], Awaitable[Reply]]
EnsureUser = Callable[..., Awaitable[User]]
Command = Callable[[Ctx, str], Awaitable[Outcome]]


@dataclass(frozen=True)
class Wiring:
    """What the features give the engine: their flows, the menu, commands, onboarding."""

    flows: Iterable[Flow]
    menu: MenuBuilder
    ensure_user: EnsureUser
    onboarding: str
    commands: dict[str, Command]
    actions: dict[str, Command] = field(default_factory=dict)
    # A user left the channel for good (unfollowed): (uow, channel, id, now, config).
    on_leave: Callable[..., Awaitable[None]] | None = None
    # Buttons of the staff desk that open the features' own flows (kit.feature.MenuEntry).
    staff_desk: tuple = ()
    # A renamed flow's old name → its name now: menus installed on WeChat's servers (and
    # pinned messages) keep sending `go|old` until an operator installs them again.
    former_names: dict[str, str] = field(default_factory=dict)
    # The flow that shows the privacy notice and takes the yes: until a user agreed to the
    # current version, every message goes there (None: no gate, for tests of the engine).
    consent: str | None = None
    # 代办: staff acting for a resident (kit/acting.py); None where nobody offers it.
    acting: Acting | None = None
    # Words typed alone that open a screen (预约, 集市), from the menu or any choice.
    keywords: tuple[Keyword, ...] = ()


class UndeclaredMove(RuntimeError):
    """A step's answer went to a step or flow its `to`/`switch` does not declare."""

    def __init__(self, flow: str, step: str, outcome: Outcome) -> None:
        target = outcome.step if isinstance(outcome, Next) else f"flow {outcome.flow}"
        # Names from the code only: nothing the user typed reaches the log.
        super().__init__(f"flow {flow}: step {step!r} may not go to {target!r} (not declared)")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise(text: str) -> str:
    # Full-width digits and letters (１２, ｍｅｎｕ) are common from Chinese keyboards.
    return unicodedata.normalize("NFKC", text).strip()


class Conversation:
    def __init__(
        self,
        db,
        clock: Clock,
        config: CoreConfig,
        wiring: Wiring,
        on_outbox: Callable[[], None] | None = None,
        observe: Callable[[str, float], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.config = config
        self.flows = {f.name: f for f in wiring.flows}
        for flow in self.flows.values():
            for name, step in flow.steps.items():
                unknown = sorted(set(step.switch) - set(self.flows))
                if unknown:
                    raise ValueError(f"flow {flow.name}: step {name!r} switches to {unknown}")
        self.keywords: dict[str, Keyword] = {}
        for keyword in wiring.keywords:
            flow = self.flows.get(keyword.flow)
            if flow is None or (keyword.step is not None and keyword.step not in flow.steps):
                raise ValueError(f"keyword {keyword.words.key}: no {keyword.flow} {keyword.step}")
            for word in words(keyword.words.key):
                if word in self.keywords or word in MENU_WORDS | CANCEL_WORDS | BACK_WORDS:
                    raise ValueError(f"keyword {word!r} ({keyword.words.key}) is taken")
                self.keywords[word] = keyword
        self.wiring = wiring
        self.on_outbox = on_outbox
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        # Told each answer's channel and time (the process's metrics).
        self.observe = observe

    async def handle(self, request: Request) -> Reply:
        """Answer one message. Never raises for anything the user typed."""
        started = time.perf_counter()
        try:
            return await self._handle_in_turn(request)
        finally:
            if self.observe is not None:
                self.observe(request.channel, time.perf_counter() - started)

    async def _handle_in_turn(self, request: Request) -> Reply:
        key = (request.channel, request.external_id)
        lock = self._locks.setdefault(key, asyncio.Lock())
        # One message per user at a time: a double-tapped button waits for the first.
        # (Other processes are not covered; the rules in storage must hold on their own.)
        async with lock:
            try:
                for attempt, pause in enumerate((*BUSY_PAUSES, None)):
                    try:
                        return await self._handle(request)
                    except Exception as error:
                        # A lock held past the busy timeout (SQLite) or a serialisation
                        # conflict (PostgreSQL) rolled back the whole request, and nothing
                        # has left the process: it is safe to run it again.
                        if pause is None or not is_busy(error):
                            raise
                        log.warning("database busy, trying again (%d)", attempt + 1)
                        await asyncio.sleep(pause)
            except Exception as error:
                if is_busy(error):
                    log.warning(
                        "database still busy; %s/%s asked to retry",
                        request.channel,
                        user_tag(request),
                    )
                    locale = supported_locale(request.locale_hint) or self.config.default_locale
                    return Reply(messages=[t("error-busy")], locale=locale)
                # A bug must not leave the user in silence; what they did was rolled back.
                # The user as a short hash: enough to match log lines, not who they are.
                log.exception("failed to handle %s/%s", request.channel, user_tag(request))
                locale = supported_locale(request.locale_hint) or self.config.default_locale
                return Reply(messages=[t("error-internal")], locale=locale)

    async def leave(self, channel: str, external_id: str) -> None:
        """The user left the channel for good: the features let go of what they held."""
        if self.wiring.on_leave is None:
            return
        lock = self._locks.setdefault((channel, external_id), asyncio.Lock())
        try:
            async with lock, self.db.uow() as uow:
                now = self.clock.now()
                await self.wiring.on_leave(uow, channel, external_id, now, self.config)
                await uow.commit()
        except Exception:
            # The platform must still get its answer; what was written was rolled back.
            log.exception("failed to handle %s leaving", channel)
            return
        if self.on_outbox is not None:
            self.on_outbox()

    async def _handle(self, request: Request) -> Reply:
        now = self.clock.now()
        async with self.db.uow() as uow:
            if request.delivery is not None and not await uow.conversations.first_delivery(
                request.channel, request.delivery, now
            ):
                return Reply(messages=[], locale=self.config.default_locale)
            user = await self.wiring.ensure_user(uow, request, now, self.config)
            account = await own_account(uow, user, request)
            # The screen is the account's own: a linked person's two apps each show theirs.
            state = await uow.conversations.get(account.id)
            if state is None:
                state = _new_state(account.id, now)
                uow.conversations.add(state)
            # This reply is the next screen: the buttons drawn now carry its version.
            screen = (state.screen or 0) + 1
            ctx = Ctx(
                uow=uow,
                user=user,
                clock=self.clock,
                config=self.config,
                screen=screen,
                staff_desk=self.wiring.staff_desk,
                display_name=request.display_name,
                own_account=account,
                actor=user,
            )
            reply = await self._route_acting(ctx, state, request)
            if ctx.forget:
                # A newcomer said no to the notice: nothing about them stays, not even
                # the row that holds their channel id.
                locale = user.locale
                await uow.conversations.forget(user.id)
                await uow.users.forget(user)
                await uow.commit()
                reply.locale = locale
                return reply
            state.options = [b.payload for b in reply.buttons]
            state.pushed = False
            state.screen = screen
            state.updated_at = now
            state.expires_at = now + self.config.conversation_ttl
            await uow.conversations.save(state)
            await uow.commit()
            reply.locale = user.locale
        if self.on_outbox is not None:
            self.on_outbox()
        return reply

    # --- 代办 -----------------------------------------------------------------------------

    async def _route_acting(self, ctx: Ctx, state: ConversationState, request: Request) -> Reply:
        """Route the message as the resident a staff member acts for, if they do (see
        kit/acting.py); what it writes for the resident is recorded after it."""
        acting = self.wiring.acting
        if state.acting_for is None:
            reply = await self._route(ctx, state, request)
        elif acting is None:
            state.acting_for = None
            reply = await self._route(ctx, state, request)
        else:
            if state.updated_at + acting.idle_after < self.clock.now():
                refusal = acting.idle or t("conversation-expired")
            else:
                refusal = await acting.resume(ctx, state.acting_for)
            if refusal is not None:
                # Checked on every message: a consent withdrawn or a role taken back in the
                # meantime ends acting here, whatever the message was.
                state.acting_for = None
                ctx.user = ctx.actor
                self._clear(state)
                return await self._menu(ctx, [refusal])
            subject = ctx.user
            # What was written before (the staff member's own last-seen time) is theirs.
            await ctx.uow.flush()
            watcher = ctx.uow.watch_writes()
            try:
                reply = await self._route(ctx, state, request)
                await ctx.uow.flush()
            finally:
                writes = watcher.stop()
            if writes:
                await acting.record(ctx, subject, writes)
        if acting is not None and state.acting_for is not None:
            said, buttons = await acting.banner(ctx)
            reply.messages[:0] = said
            if acting.flows:
                # Only what 代办 covers: the resident's menu without the rest.
                reply.buttons = [b for b in reply.buttons if self._open_while_acting(b.payload)]
            reply.buttons.extend(buttons)
        return reply

    def _open_while_acting(self, payload: str) -> bool:
        action, args = codec.decode(payload)
        return action != "go" or not args or args[0] in self.wiring.acting.flows

    def _not_while_acting(self) -> Text:
        acting = self.wiring.acting
        return (acting.refused if acting is not None else None) or t("hint-unknown")

    def _refused_while_acting(self, ctx: Ctx, name: str) -> bool:
        acting = self.wiring.acting
        return (
            acting is not None
            and bool(acting.flows)
            and ctx.actor.id != ctx.user.id
            and name not in acting.flows
        )

    # --- reading the message -------------------------------------------------------------

    async def _route(self, ctx: Ctx, state: ConversationState, request: Request) -> Reply:
        now = self.clock.now()
        if state.flow and state.expires_at < now:
            self._clear(state)
            return await self._menu(ctx, [t("conversation-expired")])
        flow = self.flows.get(state.flow or "")
        step = flow.steps.get(state.step or "") if flow else None
        if flow is None or step is None:
            self._clear(state)
        ctx.flow, ctx.step = state.flow, state.step
        # A copy: JSON columns do not notice changes made in place, only new values.
        ctx.data = snapshot(state.data or {})

        # Normalised for matching numbers and words only: what the user wrote is kept as
        # written (NFKC would turn Chinese punctuation such as ，into ASCII).
        # NUL and other control characters (not line breaks) have no business in text that
        # is stored and shown; PostgreSQL refuses NUL outright.
        cleaned = _CONTROL.sub("", request.text)
        text = _normalise(cleaned)
        written = cleaned.strip()
        pressed = request.payload
        if self._needs_consent(ctx.actor):
            return await self._unconsented(ctx, state, request, text, written)
        if not text and pressed is None and request.image is None and request.media is None:
            # An empty message (a channel opening, a user coming back): show where they are.
            if step is not None:
                return await self._ask(ctx, state, [])
            return await self._menu(ctx)
        if (
            not text
            and pressed is None
            and (request.media is not None or (request.image and not (step and step.takes_image)))
        ):
            # A voice note without words, a video, a place, a link, or a picture where none
            # is asked for: not an answer. Ask again; the step does not move.
            if request.media == "image" and step and step.takes_image:
                return await self._again(ctx, state, t("hint-image-again"))  # not received
            return await self._again(ctx, state, t("hint-type-text"))
        options = list(state.options or [])
        typed = self._typed_choice(step, text) if pressed is None else None
        if typed is not None and state.pushed and 1 <= typed <= len(options):
            # A push with choices came after the last screen: the number answers the push.
            pressed = options[typed - 1]
        # A step that asks for a number (how many people) takes digits as its answer.
        elif typed is not None and (step is None or step.numbers_choose):
            number = typed
            if 1 <= number <= len(options):
                pressed = options[number - 1]
            else:
                hint = (
                    t("hint-pick-number", max=len(state.options))
                    if state.options
                    else t("hint-unknown")
                )
                return await self._again(ctx, state, hint)

        if pressed is not None:
            action, args = codec.decode(pressed)
            if any(forged_number(a) for a in args):
                # Digits no button of ours carries (²; an id past 32 bits): forged.
                return await self._again(ctx, state, t("hint-stale-button"))
            if action == "menu":
                self._clear(state)
                return await self._menu(ctx)
            if action == "cancel":
                return await self._cancel(ctx, state)
            current = codec.version_tag(state.screen or 0)
            if action == "back" and args == [current]:
                return await self._back(ctx, state)
            if action == "go" and args:
                args = [self.wiring.former_names.get(args[0], args[0]), *args[1:]]
            if action == "go" and args and args[0] in self.flows:
                # `go|book|12`: start a flow about something (a facility, a booking).
                data = {"arg": args[1]} if len(args) > 1 else {}
                return await self._start(ctx, state, args[0], data)
            if action == "do" and args and args[0] in self.wiring.actions:
                # One tap, from anywhere (a pushed offer): act at once.
                outcome = await self._guarded(
                    ctx, self.wiring.actions[args[0]], args[1] if len(args) > 1 else ""
                )
                return await self._apply(ctx, state, outcome)
            if action == "c" and len(args) == 4 and step is not None:
                if (args[0], args[1], args[3]) == (state.flow, state.step, current):
                    return await self._answer(ctx, state, Input(text=written, value=args[2]))
            # A button from an older screen (or a forged payload): say so, show this one.
            return await self._again(ctx, state, t("hint-stale-button"))

        lowered = text.lower()
        if lowered in MENU_WORDS:
            self._clear(state)
            return await self._menu(ctx)
        keyword = self.keywords.get(lowered)
        if keyword is not None and self._waits_for_choice(state, step):
            # A screen named by a word (集市, 我的预约): a way there from wherever one chooses.
            self._clear(state)
            return await self._start(ctx, state, keyword.flow, dict(keyword.data), at=keyword.step)
        if lowered in CANCEL_WORDS:
            # People type 取消 on a screen that also offers 取消这个预约: say that nothing was.
            return await self._cancel(ctx, state, t("nav-cancelled-word"))
        if lowered in BACK_WORDS:
            return await self._back(ctx, state)
        if lowered in CHOICES_WORDS:
            return await self._pushed_choices(ctx, state)
        command = request.command
        if command is not None and ctx.actor.id != ctx.user.id:
            # Commands act on the one typing (/join, /lang): not while acting for another.
            return await self._again(ctx, state, self._not_while_acting())
        if command is not None and command[0] in self.wiring.commands:
            outcome = await self._guarded(ctx, self.wiring.commands[command[0]], command[1])
            return await self._apply(ctx, state, outcome)

        if step is None:
            if ctx.user.community_id is None:
                return await self._start(ctx, state, self.wiring.onboarding, {})
            return await self._menu(ctx, [t("hint-unknown")])
        return await self._answer(ctx, state, Input(text=written, image=request.image))

    @staticmethod
    def _waits_for_choice(state: ConversationState, step: Step | None) -> bool:
        """The menu, or a step that offers choices and reads no free text: a keyword typed
        there is a way out. A step without choice buttons waits for words (a title, a
        name), and one marked `takes_text` reads them too: there the word is the answer."""
        if step is None:
            return True
        if not step.numbers_choose or step.takes_text:
            return False
        here = (state.flow, state.step)
        for option in state.options or []:
            action, args = codec.decode(option)
            if action == "c" and len(args) == 4 and (args[0], args[1]) == here:
                return True
        return False

    @staticmethod
    def _typed_choice(step: Step | None, text: str) -> int | None:
        """A typed number that picks a choice (二, 第三个, ３, "1."); on a step that asks for
        a number (a headcount) only plain digits, which that step reads itself."""
        if step is not None and not step.numbers_choose:
            return whole_number(text)
        if step is not None and step.takes_text and text.strip().endswith(DAY_WORDS):
            # On a step that reads typed days, 5号 is the 5th of the month, not choice 5.
            return whole_number(text)
        if step is not None and step.takes_text and len(text) >= 3 and text.isdigit():
            # Where typed words are the answer, digits past 99 are too: a booking code of
            # digits alone (1 in 3,300), a household code that is its room number (301).
            # No screen has a hundred choices; "pick 1 to 3" would shut them out.
            return None
        # Plain digits past 99 still pick (or get "pick 1 to N"), as they always did.
        number = choice_number(text)
        return number if number is not None else whole_number(text)

    # --- the privacy notice -------------------------------------------------------------

    def _needs_consent(self, user: User) -> bool:
        return self.wiring.consent is not None and not self.config.privacy.agreed(user)

    async def _unconsented(
        self, ctx: Ctx, state: ConversationState, request: Request, text: str, written: str
    ) -> Reply:
        """Someone who has not agreed to the current notice: whatever they send, they get
        the notice, and only its own buttons (or their numbers, or typed 同意) answer it.
        Menu words, commands and old buttons are not acted on: nothing is done or kept."""
        flow = self.flows[self.wiring.consent]
        step = flow.steps.get(state.step or "") if state.flow == flow.name else None
        if step is None:
            data = {}
            command = request.command
            if command is not None and command[0] == "start" and command[1]:
                # A QR code's place (`/start place:…`) is chosen once they agreed.
                data["start"] = command[1][:64]
            return await self._start(ctx, state, flow.name, data)
        pressed = request.payload
        typed = self._typed_choice(None, text) if pressed is None else None
        options = list(state.options or [])
        if typed is not None and 1 <= typed <= len(options):
            pressed = options[typed - 1]
        elif typed is not None and options:
            return await self._ask(ctx, state, [t("hint-pick-number", max=len(options))])
        if pressed is not None:
            action, args = codec.decode(pressed)
            current = codec.version_tag(state.screen or 0)
            if (
                action == "c"
                and len(args) == 4
                and (args[0], args[1], args[3])
                == (
                    state.flow,
                    state.step,
                    current,
                )
            ):
                return await self._answer(ctx, state, Input(text=written, value=args[2]))
            return await self._ask(ctx, state, [t("hint-stale-button")])
        if not text:
            return await self._ask(ctx, state, [])
        return await self._answer(ctx, state, Input(text=written))

    # --- steps ------------------------------------------------------------------------------

    async def _guarded(self, ctx: Ctx, fn, *args) -> Outcome:
        """Run a step's or command's code; a rule saying no undoes what it wrote."""
        try:
            async with ctx.uow.savepoint():
                return await fn(ctx, *args)
        except DomainError as error:
            return Stay(error.message)

    async def _answer(self, ctx: Ctx, state: ConversationState, given: Input) -> Reply:
        step = self.flows[state.flow].steps[state.step]
        outcome = await self._guarded(ctx, step.answer, given)
        if not step.allows(outcome):
            # A bug: the move is not on the step's map. Raised, so what the answer wrote is
            # rolled back with the state, and the user gets the generic apology.
            raise UndeclaredMove(state.flow, state.step, outcome)
        return await self._apply(ctx, state, outcome)

    async def _apply(self, ctx: Ctx, state: ConversationState, outcome: Outcome) -> Reply:
        if isinstance(outcome, Stay):
            return await self._again(ctx, state, outcome.hint)
        if isinstance(outcome, Redraw):
            state.data = snapshot(ctx.data)
            return await self._ask(ctx, state, list(outcome.say))
        if isinstance(outcome, Done):
            self._clear(state)
            reply = (
                await self._menu(ctx, outcome.say)
                if outcome.show_menu
                else Reply(messages=list(outcome.say))
            )
            reply.attachment = outcome.attachment
            return reply
        if isinstance(outcome, Switch):
            # The screen left behind, with its flow and its own way back: 返回 from the new
            # flow's first step shows it again, and 返回 there goes on back as before.
            came_from = [
                state.step,
                snapshot(state.data or {}),
                state.flow,
                list(state.history or []),
            ]
            return await self._start(
                ctx,
                state,
                outcome.flow,
                outcome.data,
                outcome.say,
                history=[came_from] if outcome.back else None,
            )
        if isinstance(outcome, Next):
            history = list(state.history or [])
            history.append([state.step, snapshot(state.data or {})])
            state.history = history
            state.step = outcome.step
            state.data = snapshot(ctx.data)
            return await self._ask(ctx, state, outcome.say)
        raise TypeError(f"not an outcome: {outcome!r}")

    async def _start(
        self,
        ctx: Ctx,
        state: ConversationState,
        name: str,
        data: dict,
        say=(),
        at: str | None = None,
        history: list | None = None,
    ) -> Reply:
        flow = self.flows[name]
        if self._refused_while_acting(ctx, name):
            return await self._again(ctx, state, self._not_while_acting())
        if self._needs_consent(ctx.actor) and name != self.wiring.consent:
            # Every way in goes through the notice first.
            flow, data = self.flows[self.wiring.consent], {}
        elif ctx.user.community_id is None and flow.needs_community:
            # Every way in (a menu click, an old button, a command) starts with onboarding.
            flow, data = self.flows[self.wiring.onboarding], {}
        # `at`: a keyword opens a list straight away (现在开放), not when a gate came first.
        state.flow = flow.name
        state.step = at if at is not None and flow.name == name else flow.first
        state.data = snapshot(data)
        state.history = list(history or []) if flow.name == name else []
        ctx.data = snapshot(data)
        return await self._ask(ctx, state, list(say))

    async def _ask(self, ctx: Ctx, state: ConversationState, say: list[Text]) -> Reply:
        ctx.flow, ctx.step, ctx.data = state.flow, state.step, snapshot(state.data or {})
        flow = self.flows[state.flow]
        try:
            # What the answer wrote was flushed when its savepoint ended; what is pending now
            # is this screen's state, written once at the commit with its version, not also
            # by the step's first read (issue 20: two UPDATEs of the state per press). A
            # step that adds rows and reads them back flushes them itself (`uow.flush`).
            with ctx.uow.no_autoflush():
                reply = await flow.steps[state.step].ask(ctx)
        except DomainError as error:
            # A step the user may not see (staff tools for a resident): back to the menu.
            self._clear(state)
            return await self._menu(ctx, [*say, error.message])
        reply.messages[:0] = say
        if flow.nav:
            if state.history:
                back = codec.encode("back", codec.version_tag(ctx.screen))
                reply.buttons.append(Button(t("nav-back"), back))
            reply.buttons.append(Button(t("nav-cancel"), NAV_CANCEL))
        return reply

    async def _pushed_choices(self, ctx: Ctx, state: ConversationState) -> Reply:
        since = self.clock.now() - self.config.conversation_ttl
        body = await ctx.uow.outbox.last_with_buttons(ctx.account.id, since)
        if body is None:
            return await self._again(ctx, state, t("hint-no-pushed-choices"))
        return Reply.from_json(body)

    async def takes_image(self, channel: str, external_id: str) -> bool:
        """Whether this user's current step takes a picture: a channel fetches one only then."""
        async with self.db.uow() as uow:
            account = await uow.users.account(channel, external_id)
            state = await uow.conversations.get(account.id) if account is not None else None
        if state is None or not state.flow or state.expires_at < self.clock.now():
            return False
        flow = self.flows.get(state.flow)
        step = flow.steps.get(state.step or "") if flow is not None else None
        return step is not None and step.takes_image

    async def _again(self, ctx: Ctx, state: ConversationState, hint: Text) -> Reply:
        if state.flow:
            return await self._ask(ctx, state, [hint])
        return await self._menu(ctx, [hint])

    async def _back(self, ctx: Ctx, state: ConversationState) -> Reply:
        if not state.flow:
            return await self._menu(ctx)
        history = list(state.history or [])
        if not history:
            return await self._cancel(ctx, state)
        step, data, *came_from = history.pop()
        if came_from:
            # Back across a Switch(back=True): the flow it came from, at the step it left.
            flow = self.flows.get(came_from[0])
            if flow is None or step not in flow.steps:
                return await self._cancel(ctx, state)
            state.flow, history = flow.name, list(came_from[1])
        state.history, state.step, state.data = history, step, data
        return await self._ask(ctx, state, [])

    async def _cancel(self, ctx: Ctx, state: ConversationState, said: Text | None = None) -> Reply:
        was_in_flow = bool(state.flow)
        self._clear(state)
        return await self._menu(ctx, [said or t("nav-cancelled")] if was_in_flow else [])

    async def _menu(self, ctx: Ctx, say: list[Text] | None = None) -> Reply:
        state = await ctx.uow.conversations.get(ctx.account.id)
        if self._needs_consent(ctx.actor) and state is not None:
            return await self._start(ctx, state, self.wiring.consent, {}, say or [])
        if ctx.user.community_id is None and state is not None:
            # Nobody reaches the menu before picking a community.
            return await self._start(ctx, state, self.wiring.onboarding, {}, say or [])
        ctx.flow = ctx.step = None
        ctx.data = {}
        # The menu only reads, and a step's own writes were flushed when its savepoint
        # ended: what is pending is this screen's state, written once at the commit
        # (issue 20: the state row was updated twice per confirm).
        with ctx.uow.no_autoflush():
            reply = await self.wiring.menu(ctx)
        reply.messages[:0] = say or []
        return reply

    @staticmethod
    def _clear(state: ConversationState) -> None:
        state.flow = state.step = None
        state.data, state.history = {}, []


async def own_account(uow, user: User, request: Request) -> User:
    """The channel account behind a request, when `user` is the person it is linked to."""
    if (user.channel, user.external_id) == (request.channel, request.external_id):
        return user
    return await uow.users.account(request.channel, request.external_id) or user


def _new_state(user_id: int, now) -> ConversationState:
    return ConversationState(
        user_id=user_id,
        data={},
        history=[],
        options=[],
        pushed=False,
        screen=0,
        expires_at=now,
        updated_at=now,
    )


async def offer_pushed_choices(uow, user_id: int, payloads: list[str], now) -> None:
    """A push with buttons has reached the user: until they move on, a typed number
    presses the push's buttons, not the last screen's (WeChat and the terminal show
    them as "回复 1：…"). The push's buttons name their object (`do|wl-accept|17`), so
    they stay valid whatever screen comes next; the screen's own buttons stay valid
    too where the channel shows them (Telegram), as the screen has not changed.
    """
    if not payloads:
        return
    state = await uow.conversations.get(user_id)
    if state is None:
        state = _new_state(user_id, now)
        uow.conversations.add(state)
    elif state.flow and state.expires_at < now:
        # A flow left too long: the answer to the push must not be taken for a late
        # answer to it (it would only be told that the flow expired).
        Conversation._clear(state)
    state.options = list(payloads)
    state.pushed = True
    state.updated_at = now
