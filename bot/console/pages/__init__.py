"""The console's areas, in the order of the navigation bar. Each module has
`register(routes)`; add a new area's module here (one line)."""

from __future__ import annotations

from linli.bot.console.pages import directory, figures, todo

AREAS = [
    todo,
    directory,
    figures,
]
