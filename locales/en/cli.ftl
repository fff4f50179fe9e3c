## The command line (for administrators and staff)

cli-demo-loaded = The demo community is loaded.
cli-demo-skipped = Communities already exist, so the demo was not loaded again.
cli-unknown-community = There is no community with the code { $code }.
cli-unknown-unit = No unit named "{ $unit }" shares facilities with this community.
cli-flows-unknown = There is no flow named { $name }. The flows: { $names }
cli-grant-usage = Usage: --user CHANNEL:ID (e.g. console:local), --role staff or operator; an operator also needs --unit NAME.
cli-granted = { $user } now has the role { $role } in { $community }.
cli-invite = Invite code: { $code } ({ $community }, valid { $days ->
        [one] { $days } day
       *[other] { $days } days
    }). They send /join { $code }.
cli-month-usage = Write the month like 2026-11.
cli-facility-line = { $id }  { $name } ({ $unit }) { $mode } { $bookable ->
        [yes] booked ahead
       *[no] no booking needed
    }
cli-fund-whole = { $community }: the fund ledger is whole, { $lines ->
        [one] { $lines } line
       *[other] { $lines } lines
    }, balance { $balance } yuan. Latest check code { $head }.
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
cli-backup-done = Backed up to { $file } (database revision { $revision }).
cli-backup-not-sqlite = This is a PostgreSQL database: back it up with pg_dump (it keeps roles and extensions and runs alongside Linli): pg_dump -Fc DBNAME > linli.dump
cli-backup-no-file = An in-memory database has no file to back up.
cli-backup-exists = That file already exists and was not overwritten. Choose another name.
cli-backup-no-database = The database file was not found: nothing to back up.
cli-backup-no-backup = That backup file was not found.
cli-backup-not-linli = That file is not a Linli database backup; nothing was restored.
cli-backup-damaged = That backup file is damaged; nothing was restored.
cli-restore-confirm = Replace the current database with { $file }? Its data will be overwritten (stop linli run first).
cli-restore-done = Restored from { $file } (database revision { $revision }). If Linli is newer, run linli db upgrade.
cli-audit-bad-day = Could not read the date "{ $day }": write it as 2026-11-01 or 11-01.
cli-audit-no-person = { $user } does not appear in the audit log.
cli-audit-written = Wrote { $count ->
        [one] { $count } audit entry
       *[other] { $count } audit entries
    } to { $path }
