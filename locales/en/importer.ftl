## Directory import (for staff)

import-line = Line { $line }: { $message }
import-failed = The file has { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }, so nothing was imported. Please fix them and import again.
import-done = Imported: { $units_created ->
        [one] { $units_created } unit
       *[other] { $units_created } units
    } added, { $units_updated } updated; { $facilities_created ->
        [one] { $facilities_created } facility
       *[other] { $facilities_created } facilities
    } added, { $facilities_updated } updated.
import-unreadable = Cannot read the file: { $reason }
import-no-units = The file needs a units: list.
import-not-mapping = This entry should be a "name: value" mapping.
import-not-list = "{ $key }" should be a list.
import-unknown-key = Unknown field "{ $key }".
import-missing = "{ $key }" is missing.
import-not-text = "{ $key }" should be text.
import-too-long = "{ $key }" is too long: at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
import-not-one-of = "{ $key }" is "{ $value }"; it must be one of: { $allowed }.
import-bad-number = "{ $key }" should be a whole number from { $low } to { $high }.
import-duplicate-unit = The unit "{ $name }" appears twice (first on line { $first }).
import-duplicate-facility = The facility "{ $name }" appears twice in one unit.
import-age-order = The minimum age cannot be above the maximum age.
import-fee-amount = A low-fee facility needs fee_amount (an amount above 0).
import-fee-free-amount = A free facility must not have fee_amount.
import-no-communities = communities is needed: at least one community that may use it.
import-unknown-community = There is no community with the code "{ $code }".
import-hours-required = Opening hours are needed unless the facility is 按需共享 (on request).
import-bad-days = Cannot read the days "{ $value }". Use 每天, 工作日, 周末, 周一, 周一至周五 or 周一,周三 (or daily, weekdays, weekends, Mon, Mon-Fri or Mon, Wed).
import-bad-time = The { $key } time "{ $value }" is wrong; write it like "08:30", in quotes.
import-close-before-open = The closing time must be after the opening time.
import-slot-fit = The window { $window } does not split into { $slot }-minute slots.
import-too-large = The file is too large (over { $limit } MB): split it into several files.
import-no-anchors = YAML anchors and aliases (& and *) are not allowed: write the content out.
import-too-deep = The file is nested too deeply: it is not a directory file.
