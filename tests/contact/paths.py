"""How to reach each step of 联系居委会."""

from __future__ import annotations

from tests.walk import Walk

PATHS = {
    ("contact", "card"): Walk("resident", ["menu-contact"]),
    ("contact", "edit"): Walk("staff", ["menu-contact", "=改地址"]),
}
