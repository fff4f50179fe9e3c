"""The one state machine every proposal moves through. Nothing changes a state but `move`.

collecting (集) ──threshold reached──▶ pending (待议) ──on a meeting──▶ scheduled (议)
                                          ▲──taken off, cancelled, deferred──┘
    │  └──window ends below it──▶ lapsed (未达附议)                       │
    └───────────── merged ◀──────────────┴──────────── merged ◀──────────┤
                                               declined (未通过) ◀────────┤
                                               adopted (立项, 督) ◀───────┘
                                                    └──progress 100%──▶ done (已完成)
"""

from __future__ import annotations

from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.text import t

STATES = ("collecting", "pending", "scheduled", "adopted", "done", "declined", "lapsed", "merged")
OPEN = ("collecting", "pending", "scheduled")

TRANSITIONS: dict[str, set[str]] = {
    "collecting": {"pending", "lapsed", "merged"},
    "pending": {"scheduled", "merged"},
    # Back to pending: taken off the agenda, the meeting cancelled, or the council deferred it.
    "scheduled": {"adopted", "declined", "merged", "pending"},
    "adopted": {"done"},
    "done": set(),
    "declined": set(),
    "lapsed": set(),
    "merged": set(),
}

STATE_NAMES = {
    "collecting": t("proposal-state-collecting"),
    "pending": t("proposal-state-pending"),
    "scheduled": t("proposal-state-scheduled"),
    "adopted": t("proposal-state-adopted"),
    "done": t("proposal-state-done"),
    "declined": t("proposal-state-declined"),
    "lapsed": t("proposal-state-lapsed"),
    "merged": t("proposal-state-merged"),
}


def check(current: str, target: str) -> None:
    """Refuse a move the machine does not have; the message names where it stands."""
    if target not in TRANSITIONS.get(current, set()):
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[current]))
