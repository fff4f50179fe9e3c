"""Flows: a conversation as a table of steps, each with its question and its answer.

A step's `ask` builds the question (with buttons); its `answer` reads what the user said
and returns an outcome: go to another step, stay with a hint, or finish. The engine in
`conversation.py` keeps the state, the history for 返回, and the numbered options.

Each step declares where its answer may lead (`to`: steps of its flow, `switch`: other
flows); the engine refuses any other way, and `linli flows` draws them (docs/flows.md).
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linli.handlers.kit import payload as codec
from linli.handlers.kit.reply import Attachment, Button, Reply
from linli.handlers.kit.text import Text, t

if TYPE_CHECKING:
    from linli.handlers.kit.clock import Clock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.kit.feature import MenuEntry
    from linli.storage.models import User
    from linli.storage.uow import UnitOfWork

PAGE_SIZE = 8  # long lists come in numbered pages of at most this many


@dataclass
class Input:
    """What the user answered: the chosen value of one of this step's buttons, or text."""

    text: str = ""
    value: str | None = None
    image: str | None = None  # a picture sent with (or instead of) the text


@dataclass
class Ctx:
    """Everything a step may use while handling one request."""

    uow: UnitOfWork
    user: User
    clock: Clock
    config: CoreConfig
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # The version of the screen being drawn: every choice button carries it, so a button
    # pressed from an older message is refused instead of acting on the newer screen.
    screen: int = 0
    # The buttons the features put on the staff desk, for the staff flow to draw.
    staff_desk: tuple[MenuEntry, ...] = ()
    # The name the channel gave with this message: kept only once the user consented.
    display_name: str | None = None
    # Set by the consent flow when a newcomer says no: the engine forgets them entirely.
    forget: bool = False
    # The channel account the request came from. `user` is the person: the same account,
    # or the one it is linked to (`/link`) that holds their bookings, roles and places.
    own_account: User | None = None

    @property
    def account(self) -> User:
        """The channel account the request came from (see `own_account`)."""
        return self.own_account or self.user

    # Who is typing. The same as `user`, except while a staff member acts for a resident
    # (代办, kit/acting.py): then `user` is the resident the flows act for.
    actor: User | None = None

    def __post_init__(self) -> None:
        if self.actor is None:
            self.actor = self.user

    def choice(self, value: str | int, *, step: str | None = None) -> str:
        """The payload of a button that answers this (or the named) step with `value`."""
        return codec.encode(
            "c", self.flow or "", step or self.step or "", value, codec.version_tag(self.screen)
        )

    def button(self, label: Text, value: str | int, *, step: str | None = None) -> Button:
        return Button(label, self.choice(value, step=step))


# --- outcomes of an answer ---------------------------------------------------------------


@dataclass
class Next:
    """Go to `step` (the current step is remembered for 返回)."""

    step: str
    say: list[Text] = field(default_factory=list)


@dataclass
class Stay:
    """The answer was not usable: say why and ask the same question again."""

    hint: Text


@dataclass
class Redraw:
    """Ask the same step again with the data the answer changed (a page turn)."""

    say: list[Text] = field(default_factory=list)


@dataclass
class Done:
    """The flow is finished: say this, then show the main menu."""

    say: list[Text] = field(default_factory=list)
    show_menu: bool = True
    attachment: Attachment | None = None


@dataclass
class Switch:
    """Leave this flow and start another one."""

    flow: str
    data: dict[str, Any] = field(default_factory=dict)
    say: list[Text] = field(default_factory=list)
    # True: 返回 on the new flow's first screen comes back here (a facility's card → its
    # day list → 返回 is the card again), instead of ending at the menu.
    back: bool = False


Outcome = Next | Stay | Redraw | Done | Switch
Ask = Callable[[Ctx], Awaitable[Reply]]
Answer = Callable[[Ctx, Input], Awaitable[Outcome]]


@dataclass(frozen=True)
class Step:
    ask: Ask
    answer: Answer
    # False for a step whose answer is a number (a headcount): digits are the answer there,
    # not a button; 返回/取消 still work as words and buttons.
    numbers_choose: bool = True
    # True for a step that takes a picture (a notice's); elsewhere a picture without words
    # is asked again as text.
    takes_image: bool = False
    # True for a step that shows buttons but also reads typed words as its answer (a name,
    # a reason): a screen keyword (集市, 预约) typed there is the answer, not a way out.
    # Steps without any choice button are known to take text without this.
    takes_text: bool = False
    # Where the answer may lead: `to` the steps of this flow (Next), `switch` the other
    # flows (Switch). Declared, not read from the code, so the map cannot drift: the engine
    # refuses an undeclared move, and `linli flows` draws these.
    to: Iterable[str] = frozenset()
    switch: Iterable[str] = frozenset()

    def __post_init__(self) -> None:
        # Frozen: sets are fixed here, whatever iterable was given.
        object.__setattr__(self, "to", frozenset(self.to))
        object.__setattr__(self, "switch", frozenset(self.switch))

    def allows(self, outcome: Outcome) -> bool:
        """Whether this step's answer may end in `outcome` (only Next and Switch move)."""
        if isinstance(outcome, Next):
            return outcome.step in self.to
        if isinstance(outcome, Switch):
            return outcome.flow in self.switch
        return True


@dataclass(frozen=True)
class Keyword:
    """Words typed alone that open a screen from the menu or any choice (预约, 集市).
    `words` is a message whose text in every locale lists the words, "|"-separated, so
    both languages are understood whatever the user's language."""

    words: Text
    flow: str
    step: str | None = None  # None: the flow's first step
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Flow:
    """A named conversation: its steps, its first step and whether 返回/取消 are offered."""

    name: str
    first: str
    steps: dict[str, Step]
    nav: bool = True
    # False for a flow someone may use before picking a community (the language).
    needs_community: bool = True

    def __post_init__(self) -> None:
        if self.first not in self.steps:
            raise ValueError(f"flow {self.name}: first step {self.first!r} is not a step")
        for name, step in self.steps.items():
            unknown = sorted(set(step.to) - set(self.steps))
            if unknown:
                raise ValueError(f"flow {self.name}: step {name!r} goes to unknown {unknown}")


def snapshot(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


# --- pages of choices -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int  # 0-based
    count: int


def paginate(items: Sequence[Any], number: int, size: int = PAGE_SIZE) -> Page:
    count = max(1, -(-len(items) // size))
    number = min(max(number, 0), count - 1)
    return Page(list(items[number * size : (number + 1) * size]), number, count)


def page_buttons(ctx: Ctx, page: Page) -> list[Button]:
    """上一页 / 下一页 buttons; their values are `page:N` for the step to handle."""
    buttons = []
    if page.number > 0:
        buttons.append(ctx.button(t("nav-prev-page"), f"page:{page.number - 1}"))
    if page.number < page.count - 1:
        buttons.append(ctx.button(t("nav-next-page"), f"page:{page.number + 1}"))
    return buttons


def page_turn(value: str | None) -> int | None:
    """The page a `page:N` value asks for, or None when the value is something else."""
    if value and value.startswith("page:") and value[5:].isdigit():
        return int(value[5:])
    return None
