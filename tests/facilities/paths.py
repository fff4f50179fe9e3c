"""How to reach each step of the facility directory."""

from __future__ import annotations

from tests.walk import Walk

DANCE = ["menu-facilities", "facilities-all", "=舞蹈房"]

PATHS = {
    ("facilities", "home"): Walk("resident", ["menu-facilities"]),
    ("facilities", "category"): Walk("resident", ["menu-facilities", "facilities-by-category"]),
    ("facilities", "day"): Walk("resident", ["menu-facilities", "facilities-pick-day"]),
    ("facilities", "search"): Walk("resident", ["menu-facilities", "facilities-search"]),
    ("facilities", "list"): Walk("resident", ["menu-facilities", "facilities-all"]),
    ("facilities", "card"): Walk("resident", DANCE),
    ("facilities", "more"): Walk("resident", [*DANCE, "card-more"]),
}
