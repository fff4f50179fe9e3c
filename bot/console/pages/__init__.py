"""The console's areas, in the order of the navigation bar. Each module has
`register(routes)`; add a new area's module here (one line)."""

from __future__ import annotations

from linli.bot.console.pages import (
    board,
    directory,
    figures,
    fund,
    market,
    meetings,
    notices,
    todo,
)

AREAS = [
    todo,
    directory,
    meetings,
    notices,
    market,
    fund,
    figures,
    board,
]
