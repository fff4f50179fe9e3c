## Managing facilities (unit contacts and community staff)

manage-pick = Choose a facility to manage:
manage-home = Managing: { $facility }
manage-today = Today's bookings
manage-checkin = Check in by code
manage-close = Close for some days
manage-open = Add an extra opening
manage-requests = Requests waiting
manage-report-button = This month's figures
manage-booking-line = { $time } { $code } { $name } ({ $status })
manage-checkin-ask = Type the booking code:
manage-checked-in = { $code } is checked in.
manage-close-ask = Which days? Type e.g. 12-01 to 12-03, or one day: next Saturday
manage-close-why = Closed { $first } to { $last }. Why? (Residents with bookings will be told.)
manage-closed = Closed { $first } to { $last }; { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    } cancelled and their holders told.
manage-open-ask = Which day and time? Type e.g. 12-05 14:00-17:00 or next Saturday 2-5pm
manage-opened = Extra opening added: { $day } { $time }
manage-requests-title = { $count ->
        [one] { $count } request is
       *[other] { $count } requests are
    } waiting:
manage-requests-none = No requests are waiting.
manage-request-line = { $day } { $time } { $purpose }
manage-request-from = From: { $name }
manage-approve = Approve
manage-decline = Decline
manage-approved = Approved; the person has been told.
manage-decline-why = Please give the reason in one line:
manage-declined = The person has been told.
manage-report = { $facility } { $month }: { $total ->
        [one] { $total } booking
       *[other] { $total } bookings
    } ({ $checked_in } checked in, { $no_show ->
        [one] { $no_show } no-show
       *[other] { $no_show } no-shows
    }, { $upcoming } to come), { $cancelled } cancelled.

manage-hours = Change weekly hours
manage-hours-ask = Type the days and times to change, e.g. Mon-Fri 18:00-21:00, or Sat 09:00-12:00,14:00-17:00, or Sun closed
manage-hours-done = Changed. The weekly hours now:
manage-day-before = Day before
manage-day-after = Day after
manage-day-title = { $day }: { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    }. For today's, { $buttons ->
        [tap] tap one to check in:
       *[number] reply with a number to check in:
    }
manage-day-none = No bookings on { $day }.
hours-bad = Those times do not work: the end must be after the start, windows must not overlap{ $slot ->
    [0] {""}
   *[other] , and each must split into { $slot }-minute slots
}.

status-booked = to check in
status-checked-in = checked in
status-no-show = no-show
status-cancelled = cancelled
report-column-date = Date
report-column-start = Start
report-column-end = End
report-column-code = Code
report-column-status = Status
report-column-reason = Cancel reason
closure-needs-all = This facility serves other communities too, and closing it cancels their residents' bookings. Its unit's operator can close it, or staff of every community it serves.
