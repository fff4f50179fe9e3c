"""How to reach each step of onboarding, the profile, the language and the staff desk."""

from __future__ import annotations

from tests import factories
from tests.walk import Walk


async def linked_to_telegram(db, clock, conversation, translator) -> None:
    """The resident u1 (console) has linked a Telegram account to theirs."""
    from tests.profile.test_link import link_accounts

    await link_accounts(db, clock, conversation, translator, "u1")


# The staff desk's log, with one entry in it (a code made first).
LOGGED = ["menu-staff", "staff-make-invite", "role-staff", "menu-staff", "staff-audit"]

# A newcomer agrees to the privacy notice before anything else.
YES = "consent-agree"


async def _waiting(db, clock, conversation, translator) -> None:
    await factories.waiting(db, clock, "newbie")


MY_DATA = ["menu-profile", "mydata-menu"]


PATHS = {
    ("consent", "notice"): Walk("newcomer"),
    ("onboarding", "community"): Walk("newcomer", [YES]),
    ("onboarding", "compound"): Walk("newcomer", [YES, "=新华社"]),
    ("onboarding", "building"): Walk("newcomer", [YES, "=新华社", "=宿舍"]),
    ("profile", "home"): Walk("resident", ["menu-profile"]),
    ("profile", "community"): Walk("resident", ["menu-profile", "profile-change-community"]),
    ("profile", "compound"): Walk("resident", ["menu-profile", "profile-change-building"]),
    ("profile", "building"): Walk("resident", ["menu-profile", "profile-change-building", "=宿舍"]),
    ("profile", "lang"): Walk("resident", ["menu-profile", "profile-change-language"]),
    ("profile", "invite"): Walk("resident", ["menu-profile", "profile-enter-invite"]),
    ("language", "lang"): Walk("resident", ["/lang"]),
    ("place", "compound"): Walk("resident", ["@go|place"]),
    ("place", "building"): Walk("resident", ["@go|place", "=宿舍"]),
    ("mydata", "home"): Walk("resident", MY_DATA),
    ("mydata", "see"): Walk("resident", [*MY_DATA, "mydata-see"]),
    ("mydata", "export"): Walk("resident", [*MY_DATA, "mydata-export"]),
    ("mydata", "correct"): Walk("resident", [*MY_DATA, "mydata-correct"]),
    ("mydata", "erase"): Walk("resident", [*MY_DATA, "mydata-erase"]),
    ("link", "home"): Walk("resident", ["menu-profile", "profile-link"]),
    ("link", "enter"): Walk("resident", ["menu-profile", "profile-link", "link-enter-code"]),
    ("link", "unlink"): Walk(
        "resident", ["menu-profile", "profile-link", "link-unlink"], setup=linked_to_telegram
    ),
    ("staff", "home"): Walk("staff", ["menu-staff"]),
    ("console", "link"): Walk("staff", ["menu-staff", "staff-console"]),
    ("staff", "invite_role"): Walk("staff", ["menu-staff", "staff-make-invite"]),
    ("staff", "invite_unit"): Walk("staff", ["menu-staff", "staff-make-invite", "role-operator"]),
    ("staff", "audit"): Walk("staff", ["menu-staff", "staff-audit"]),
    ("staff", "audit_person"): Walk("staff", [*LOGGED, "staff-audit-person"]),
    ("staff", "audit_export"): Walk("staff", [*LOGGED, "staff-audit-export"]),
    ("staff", "people"): Walk("staff", ["menu-staff", "staff-people"]),
    ("staff", "person"): Walk("staff", ["menu-staff", "staff-people", "#1"]),
    ("profile", "household"): Walk("resident", ["menu-profile", "profile-household-code"]),
    ("residents", "list"): Walk("staff", ["menu-staff", "staff-residents"]),
    ("residents", "resident"): Walk(
        "staff", ["menu-staff", "staff-residents", "#1"], setup=_waiting
    ),
}
