"""What a feature contributes, so the wiring can compose the engine from a list of features
and no feature has to know its siblings to draw a menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field

from linli.handlers.kit.flow import Ctx, Flow, Keyword, Outcome
from linli.handlers.kit.reply import Button
from linli.handlers.kit.text import Text

Command = Callable[[Ctx, str], Awaitable[Outcome]]
Visible = Callable[[Ctx], Awaitable[bool]]
# A user left the channel for good: (uow, channel, external id, now, config).
LeaveHook = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class MenuEntry:
    """A button that opens `flow`; entries of all features are shown by `order`, and only to
    users `visible` says yes for (None: everyone)."""

    label: Text
    flow: str
    order: int
    visible: Visible | None = None
    # Buttons drawn right after this one for this user (再约一次：舞蹈房): they name their
    # object (`go|book|12`), so they work from any message.
    more: Callable[[Ctx], Awaitable[list[Button]]] | None = None


@dataclass(frozen=True)
class Feature:
    name: str
    flows: tuple[Flow, ...] = ()
    # The main menu, for residents (visible=None) and for those with a role here.
    menu: tuple[MenuEntry, ...] = ()
    # The staff desk's buttons that open a flow of the feature for the community it acts for.
    staff_desk: tuple[MenuEntry, ...] = ()
    commands: Mapping[str, Command] = field(default_factory=dict)
    actions: Mapping[str, Command] = field(default_factory=dict)
    # Run in the order of the features, each in the same unit of work.
    on_leave: tuple[LeaveHook, ...] = ()
    # Names its flows had before (old name → name now), still understood in `go|` buttons.
    former_names: Mapping[str, str] = field(default_factory=dict)
    # Words typed alone that open one of its screens (集市 → the market).
    keywords: tuple[Keyword, ...] = ()


def ordered(entries: Iterable[MenuEntry]) -> tuple[MenuEntry, ...]:
    return tuple(sorted(entries, key=lambda entry: entry.order))


async def visible(ctx: Ctx, entries: Iterable[MenuEntry]) -> list[MenuEntry]:
    """The entries this user may see, in order."""
    return [e for e in entries if e.visible is None or await e.visible(ctx)]


def merged(features: Iterable[Feature], part: str) -> dict[str, Command]:
    """The features' commands (or actions) in one table; a name given twice is a mistake."""
    table: dict[str, Command] = {}
    for feature in features:
        for name, handler in getattr(feature, part).items():
            if name in table:
                raise ValueError(f"{part[:-1]} {name!r} is given by two features")
            table[name] = handler
    return table


def leave_hook(features: Iterable[Feature]) -> LeaveHook | None:
    hooks = [hook for feature in features for hook in feature.on_leave]
    if not hooks:
        return None

    async def on_leave(uow, channel: str, external_id: str, now: dt.datetime, config) -> None:
        for hook in hooks:
            await hook(uow, channel, external_id, now, config)

    return on_leave
