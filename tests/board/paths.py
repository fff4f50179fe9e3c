"""How to reach each step of 公示栏."""

from __future__ import annotations

from tests.walk import Walk

PATHS = {
    ("board", "link"): Walk("resident", ["!公示栏"]),
}
