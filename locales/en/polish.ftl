## Polish (issue 17 points 13–15)

polish-report-attached = Every booking is in the attached file.
polish-report-csv-hint = For every booking, add --csv FILE, e.g. --csv bookings.csv
polish-report-csv-written = Wrote { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    } to { $path }.
# A push in the terminal for another console user: say whom it is for.
polish-push-for = [For { $who }]
polish-duration-minutes = { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
polish-duration-hours = { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
polish-duration-hours-minutes = { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
polish-already-checked-in = { $code } is already checked in (at { $at }).
polish-checkin-cancelled = Booking { $code } was cancelled, so it cannot be checked in.
# What is wrong in a directory file (YAML), in plain words, not the parser's.
polish-yaml-tab = This line is indented with a Tab: please use spaces only.
polish-yaml-indent = The indentation does not line up: lines at the same level must start with the same number of spaces (this line or the one before has more or fewer).
polish-yaml-colon = A colon is in the wrong place: this line may be indented too far, or a value has a colon in it (put such a value in quotes, e.g. "opens 9:00").
polish-yaml-no-colon = This line has no colon: write "field: value", e.g. name: Dance room.
polish-yaml-unclosed = A quote or bracket is not closed: please check around this line.
polish-yaml-other = The file is not valid: please check the indentation and colons on this line.
