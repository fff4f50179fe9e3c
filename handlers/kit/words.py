"""Words people type instead of tapping, read from the locales so that each language keeps
its own and every language is understood whoever types them."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fluent.runtime import FluentBundle

from linli.handlers.kit.bundles import locale_bundles

LOCALES_DIR = Path(__file__).resolve().parent.parent.parent / "locales"


@functools.cache
def _bundles(directory: Path = LOCALES_DIR) -> tuple[FluentBundle, ...]:
    # Only the keyword messages are ever parsed here (a handful of each locale's).
    return tuple(locale_bundles(directory, use_isolating=False).values())


def normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def words(key: str, directory: Path = LOCALES_DIR) -> frozenset[str]:
    """Every locale's words under `key` ("预约 | 订场地"), normalised as typed text is."""
    found: set[str] = set()
    for bundle in _bundles(directory):
        if bundle.has_message(key):
            text, _ = bundle.format_pattern(bundle.get_message(key).value, {})
            found.update(normalised(w) for w in text.split("|") if w.strip())
    return frozenset(found)
