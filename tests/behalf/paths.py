"""How to reach each step of 代办 at the staff desk."""

from __future__ import annotations

from tests import factories
from tests.walk import Walk

DESK = ["menu-staff", "staff-behalf"]
REGISTER = [*DESK, "behalf-register", "!王奶奶", "!3栋2单元401"]


async def registered(db, clock, conversation, translator) -> None:
    """王奶奶 of 3栋2单元401 is registered in 新华社, her consent given in person."""
    await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")


PATHS = {
    ("behalf", "home"): Walk("staff", DESK),
    ("behalf", "name"): Walk("staff", [*DESK, "behalf-register"]),
    ("behalf", "room"): Walk("staff", [*DESK, "behalf-register", "!王奶奶"]),
    ("behalf", "phone"): Walk("staff", REGISTER),
    ("behalf", "how"): Walk("staff", [*REGISTER, "!跳过"]),
    ("behalf", "confirm"): Walk("staff", [*REGISTER, "!跳过", "behalf-how-phone"]),
    ("behalf", "find"): Walk("staff", [*DESK, "behalf-act"]),
    ("behalf", "pick"): Walk("staff", [*DESK, "behalf-act", "!王"], setup=registered),
    ("behalf", "withdraw"): Walk(
        "staff", [*DESK, "behalf-withdraw", "!王", "=王奶奶"], setup=registered
    ),
}
