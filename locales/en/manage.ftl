## Managing facilities (unit contacts and community staff)

manage-pick = Choose a facility to manage:
manage-home = Managing: { $facility }
manage-today = Today's bookings
manage-checkin = Check in by code
manage-close = Close for some days
manage-open = Add an extra opening
manage-requests = Requests waiting
manage-report-button = This month's figures
manage-today-title = { $count } bookings today. Reply with a number to check someone in:
manage-today-none = No bookings today.
manage-booking-line = { $time } { $code } { $name } ({ $status })
manage-checkin-ask = Type the booking code:
manage-checked-in = { $code } is checked in.
manage-close-ask = Which days? Type e.g. 12-01至12-03, or one day 12-01:
manage-close-why = Closed { $first } to { $last }. Why? (Residents with bookings will be told.)
manage-closed = Closed { $first } to { $last }; { $count } bookings cancelled and their holders told.
manage-open-ask = Which day and time? Type e.g. 12-05 14:00-17:00
manage-opened = Extra opening added: { $day } { $time }
manage-requests-title = { $count } requests are waiting:
manage-requests-none = No requests are waiting.
manage-request-line = { $day } { $time } { $purpose }
manage-request-from = From: { $name }
manage-approve = Approve
manage-decline = Decline
manage-approved = Approved; the person has been told.
manage-decline-why = Please give the reason in one line:
manage-declined = The person has been told.
manage-report = { $facility } { $month }: { $total } bookings ({ $checked_in } checked in, { $no_show } no-shows, { $upcoming } to come), { $cancelled } cancelled. Details attached.

status-booked = to check in
status-checked-in = checked in
status-no-show = no-show
status-cancelled = cancelled
