# My bookings: places in line, requests, clashes, leaving an event (issue 17, 11-12).
mine-pick = { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number to see one:
    }
mine-wait-title = You are in line for { $count ->
        [one] { $count } full slot
       *[other] { $count } full slots
    }.
mine-wait-item = { $status ->
        [offered] Held for you:
       *[other] Waiting:
    } { $when } { $facility }
mine-wait-place = You are number { $place } in line. You will be told when a place is free.
mine-wait-offered = A place is free and held for you until { $until }.
mine-wait-leave = Stop waiting
mine-wait-leave-ask = Stop waiting for this slot? { $slot }
mine-wait-kept = OK, you are still in line.
mine-wait-left = You are no longer in line.
mine-wait-closure = Sorry, "{ $facility }" is closed at { $when }, so you are no longer in line. Reason: { $reason }.

mine-request-title = You have { $count ->
        [one] { $count } request
       *[other] { $count } requests
    }.
mine-request-item = Request: { $day } { $opens } { $facility } ({ $status ->
        [approved] approved
       *[other] waiting for an answer
    })
mine-request-approved = Approved: just go at that time.
mine-request-pending = Still waiting for the answer.
mine-request-withdraw = Cancel this request
mine-request-withdraw-ask = Cancel this request?
mine-request-kept = OK, the request is not cancelled.
mine-request-withdrawn = Request cancelled. The facility has been told.
mine-request-withdrawn-notice = A request was cancelled: { $facility }, { $day } { $opens }–{ $closes }, { $purpose }. Those hours are free again.
mine-request-clash = Cannot approve: { $day } { $opens }–{ $closes } is already approved for "{ $purpose }" and the hours overlap. Decline this request, or ask for other hours.

mine-overlap-warning = Note: at the same time you also booked "{ $facility }" { $time }. That is allowed; if you cannot go to one, please cancel it.

mine-event-leave-ask = Cancel your place at "{ $title }"? Time: { $when }
mine-event-kept = OK, your place at "{ $title }" is not cancelled.
