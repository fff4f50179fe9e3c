## Events: the list, signing up, reminders; staff create events

event-bad-details = The event needs a title and a place, a time in the future, and 1 to 10000 places.
event-started = The event has begun; sign-up is closed.
event-full = The event is full.
event-reminder = Event reminder: "{ $title }", { $when }, at { $place }.
events-title = { $count ->
        [one] { $count } event
       *[other] { $count } events
    } coming up. { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number:
    }
events-none = No events coming up.
events-line = { $when } { $title }
event-card = [{ $title }] { $when }, at { $place }
event-places-left = { $left ->
        [one] { $left } place
       *[other] { $left } places
    } left
event-places-open = No limit on numbers
event-join = Sign up
event-leave = Cancel my place
event-joined = You are signed up. You will be reminded the day before and an hour before.
event-joined-hour = You are signed up. You will be reminded an hour before.
event-joined-soon = You are signed up. It starts within the hour, so there is no reminder: please be on time.
event-left = Your place is cancelled.
event-you-are-going = You are signed up.
event-attendees = Who is coming
event-attendee-list = { $count } signed up: { $names }
event-ask-title = New event. What is it called? (e.g. free health check)
event-ask-time = When does it start? e.g. 12-05 09:00
event-ask-place = Where? (e.g. service centre, 2nd floor)
event-ask-capacity = How many places? Type a number, or choose no limit:
event-no-limit = No limit
event-create = Create the event
event-created = The event "{ $title }" is created. Residents can sign up under "Events".
