"""How to reach each step of the fund."""

from __future__ import annotations

from tests.walk import Walk

FUND = ["menu-market", "market-fund"]

PATHS = {
    ("fund", "home"): Walk("resident", FUND),
    ("fund", "source"): Walk("staff", [*FUND, "fund-add-income"]),
    ("fund", "amount"): Walk("staff", [*FUND, "fund-add-income", "=捐赠"]),
    ("fund", "purpose"): Walk("staff", [*FUND, "fund-add-income", "=捐赠", "!500"]),
    ("fund", "approver"): Walk("staff", [*FUND, "fund-add-spending", "!200", "!买垃圾桶"]),
}
