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
