## Booking, my bookings, the waitlist, requests

booking-pick-day = Book "{ $facility }": choose a day (up to { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ahead):
booking-no-days = "{ $facility }" has no bookable times soon.
booking-day-not-offered = That day cannot be booked. Only days open within { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; please choose below.
booking-pick-slot = Times on { $day } { $buttons ->
        [tap] (tap one):
       *[number] (reply with a number):
    }
booking-slot-free = { $time } { $left } left
booking-slot-full-wait = { $time } full: join the waitlist
booking-slot-summary = { $facility } · { $day } { $time }
booking-confirm-ask = Please confirm the booking:
booking-confirm = Confirm
booking-cancel-rule = To cancel, do it at least { $duration } before the start.
booking-done = Booked! Your code: { $code }
booking-done-hint = Show the code when you arrive. See or cancel it in "My bookings".
booking-slot-full = That time has just been fully booked.
booking-slot-not-offered = That time cannot be booked now. Please choose again.
booking-outside-horizon = You can only book up to { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ahead.
booking-quota-facility = You already have { $limit ->
        [one] { $limit } booking
       *[other] { $limit } bookings
    } here. Use or cancel one first.
booking-quota-week = You have made { $limit ->
        [one] { $limit } booking
       *[other] { $limit } bookings
    } this week, the weekly limit. You can book again next week.
booking-suspended = You missed { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    } recently, so booking is paused until { $until }.
booking-suspended-notice = You missed { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    } recently, so booking is paused until { $until }. Please cancel in time if you cannot come.
booking-cancel-too-late = Too late to cancel (it was possible until { $deadline }). Please call the facility if you cannot come.
booking-reminder = Reminder: you booked "{ $facility }" at { $when }, { $address }. Code: { $code }
booking-cancelled-closure = Sorry, your booking at "{ $facility }" on { $when } is cancelled: { $reason }.

mine-title = You have { $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    }. { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number:
    }
mine-none = You have no bookings now.
mine-item = { $when } { $facility }
mine-code = Code: { $code }
mine-cancel-until = You can cancel until { $deadline }.
mine-cancel = Cancel this booking
mine-cancel-ask = Cancel this booking? { $booking }
mine-kept = OK, the booking is not cancelled: it still stands.
mine-cancelled = Booking { $code } is cancelled.
mine-calendar = Add to my phone's calendar
mine-calendar-sent = Here is the calendar file: open it to add the booking to your phone's calendar.

waitlist-ask = Join the waitlist? If someone cancels you will be told, and the place is kept for you for { $duration }.
waitlist-join = Join the waitlist
waitlist-joined = You are on the waitlist. You will be told when a place frees up.
waitlist-offer = A place is free! "{ $facility }" at { $when }. Kept for you until { $until }.
waitlist-accept = I'll take it
waitlist-decline = No, thanks
waitlist-declined = All right, the place goes to the next person.
waitlist-offer-gone = The hold on that place has run out; it went to the next person.
waitlist-offer-expired = The hold on your place ran out; it went to the next person.

request-intro = Request to use "{ $facility }"; the unit decides.
request-day-ask = Which day? Choose, or type a date like 12-05, Dec 5 or next Saturday:
request-time-ask = From when to when? Type e.g. 14:00-16:00 or 2-4pm:
request-purpose-ask = What for? One short line (e.g. choir practice):
request-headcount-ask = About how many people? Type a number:
request-summary = Request: { $facility }
    Date: { $day } { $opens }–{ $closes }
    Purpose: { $purpose }
    People: { $headcount }
request-send = Send the request
request-sent = Your request is sent. You will be told the answer.
request-bad-time = The day must be from tomorrow to { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ahead, and the end after the start.
request-bad-details = Please give a one-line purpose and a number of people from 1 to 1000.
request-new = New request: { $facility }, { $day } { $opens }–{ $closes }, { $purpose }, { $headcount ->
        [one] { $headcount } person
       *[other] { $headcount } people
    }. Decide in "Manage facilities".
request-approved = Your request for "{ $facility }" is approved: { $day } { $opens }–{ $closes }.
request-declined = Your request for "{ $facility }" ({ $day }) was declined: { $reason }.
request-reason-needed = Please give a reason; the person who asked will see it.

checkin-code-unknown = That code is not for this facility. Please check it.
checkin-not-today = That booking is for { $when }, not today.
closure-bad-range = Wrong dates: start today or later, at most { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
opening-bad = The day must be today or later, and the end after the start.
