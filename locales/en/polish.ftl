## Polish (issue 17 points 13–15)

polish-report-attached = Every booking is in the attached file.
polish-report-csv-hint = For every booking, add --csv FILE, e.g. --csv bookings.csv
polish-report-csv-written = Wrote { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    } to { $path }.
# A push in the terminal for another console user: say whom it is for.
polish-push-for = [For { $who }]
