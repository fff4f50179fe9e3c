## The command line (for administrators and staff)

cli-demo-loaded = The demo community is loaded.
cli-demo-skipped = Communities already exist, so the demo was not loaded again.
cli-unknown-community = There is no community with the code { $code }.
cli-unknown-unit = No unit named "{ $unit }" shares facilities with this community.
cli-grant-usage = Usage: --user CHANNEL:ID (e.g. console:local), --role staff or operator; an operator also needs --unit NAME.
cli-granted = { $user } now has the role { $role } in { $community }.
cli-invite = Invite code: { $code } ({ $community }, valid { $days ->
        [one] { $days } day
       *[other] { $days } days
    }). They send /join { $code }.
cli-month-usage = Write the month like 2026-11.
cli-facility-line = { $id }  { $name } ({ $unit }) { $mode } bookable: { $bookable }
cli-fund-whole = { $community }: the fund ledger is whole, { $lines } lines, balance { $balance } yuan. Latest check code { $head }.
cli-fund-changed = { $community }: line #{ $id } was changed: it no longer matches its check code. The ledger cannot be trusted from this line on.
cli-fund-unlinked = { $community }: a line before #{ $id } was deleted, inserted or changed: the chain breaks here.
cli-draw-order = { $category } ({ $stalls ->
        [one] { $stalls } stall
       *[other] { $stalls } stalls
    }), in the rule's order: { $order }
cli-draw-holds = Checked: the secret matches the fingerprint published before, and the seed and every place match the record.
cli-draw-commitment-differs = The secret does not match the fingerprint published before.
cli-draw-seed-differs = The seed worked out from the published secret and numbers differs from the published seed.
cli-draw-places-differ = These numbers' recorded places differ from the rule's: { $numbers }
cli-pardoned = { $user } may apply for stalls again.
cli-role-line = #{ $id }  { $user }  { $role }  { $unit }
cli-no-role = { $user } has no role to take back in { $community }.
cli-revoked = Took back { $count ->
        [one] { $count } role
       *[other] { $count } roles
    } of { $user } in { $community }.
cli-audit-bad-day = Could not read the date "{ $day }": write it as 2026-11-01 or 11-01.
cli-audit-no-person = { $user } does not appear in the audit log.
cli-audit-written = Wrote { $count } audit entries to { $path }
