"""How to reach each step of 数据图表."""

from __future__ import annotations

from tests.walk import Walk

CHOOSE = ["menu-staff", "figures-staff-button"]

PATHS = {
    ("figures", "choose"): Walk("staff", CHOOSE),
    ("figures", "span"): Walk("staff", [*CHOOSE, "figures-change-span"]),
}
