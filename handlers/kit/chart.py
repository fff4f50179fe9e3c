"""Charts: what a labelled chart says (`Chart`, words as message keys), drawn by
`kit/plot.py` once the reader's language is known (the channel does it: `Attachment.picture`).

A `Chart` is also its own table: `table()` gives the same numbers as rows for a CSV, so a
picture never says anything its file does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from linli.handlers.kit.text import Text

# A word on a chart: a message key rendered in the reader's language, or data as it is.
Word = Text | str
# None: nothing to measure there (a month without a decision has no median).
Number = int | float | Decimal | None


@dataclass(frozen=True)
class Series:
    """One kind of bar, named in the legend, with a value for each category."""

    name: Word
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart with everything a reader needs: title, axis labels (the value axis names
    its unit), a legend, and the value on each bar."""

    title: Word
    category_label: Word  # the axis of the categories (月份, 设施)
    value_label: Word  # the value axis, with its unit (次数（次）, 金额（元）)
    categories: tuple[Word, ...]
    series: tuple[Series, ...]
    # Long names (facilities) read better down the side than slanted under the bars.
    horizontal: bool = False
    # A line under the title (中位数 12 天, 平均 4.2 分).
    note: Word | None = None

    def __post_init__(self) -> None:
        for one in self.series:
            if len(one.values) != len(self.categories):
                raise ValueError("every series needs one value per category")

    def table(self) -> list[list]:
        """The chart's numbers as rows: the header, then one row per category."""
        rows: list[list] = [[self.category_label, *(s.name for s in self.series)]]
        for index, category in enumerate(self.categories):
            rows.append([category, *(s.values[index] for s in self.series)])
        return rows

    def words(self, render: Callable[[Text], str]) -> Chart:
        """The same chart with every message key rendered (in one language)."""

        def say(word):
            return render(word) if isinstance(word, Text) else word

        return replace(
            self,
            title=say(self.title),
            category_label=say(self.category_label),
            value_label=say(self.value_label),
            categories=tuple(say(c) for c in self.categories),
            series=tuple(Series(say(s.name), s.values) for s in self.series),
            note=say(self.note) if self.note is not None else None,
        )
