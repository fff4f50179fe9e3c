# On behalf (代办): staff act for residents without a smartphone

staff-behalf = On behalf
behalf-home = On behalf: register residents without a smartphone, book, apply and support ideas for them. { $count ->
        [one] { $count } resident
       *[other] { $count } residents
    } registered here.
behalf-register = Register a resident
behalf-act = Act for a resident
behalf-withdraw = Consent withdrawn
behalf-ask-name = Type the resident's name (at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }).
behalf-bad-name = Please type a name of 1 to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
behalf-ask-room = Type the building and room, e.g. 3-2-401.
behalf-bad-room = Please type a building and room of 1 to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
behalf-ask-phone = The resident's phone (optional). Only if the resident agrees: staff use it to call them about what was done. Choose "Skip" otherwise.
behalf-skip-phone = Skip
behalf-bad-phone = A phone has digits only. Type it again, or "skip".
behalf-ask-how = How did the resident agree to staff acting for them?
behalf-how-in-person = In person
behalf-how-phone = By phone
behalf-how-written = In writing
behalf-confirm = Please check:
    Name: { $name }
    Room: { $room }
    Phone: { $phone }
    Consent: { $how }
behalf-no-phone = not given
behalf-confirm-yes = Register
behalf-registered = { $name } is registered. Choose "Act for a resident" under "On behalf" to act for them.
behalf-ask-find = Type the resident's name or room.
behalf-none-found = No such resident in this community. Try another name or room.
behalf-pick = Choose the resident:
behalf-resident = { $name } ({ $room })
behalf-started = You now act for { $name }. Choose "Stop acting" when done.
behalf-banner = [Acting for { $name }]
behalf-end = Stop acting
behalf-ended = You no longer act for { $name }.
behalf-not-acting = You are not acting for anyone.
behalf-no-consent = { $name } has not agreed, or has withdrawn consent: you cannot act for them.
behalf-ended-refused = Acting has ended: you cannot act for this resident.
behalf-withdraw-ask = Record that { $name } ({ $room }) withdrew consent? Staff can no longer act for them.
behalf-withdraw-yes = Record it
behalf-withdrawn = Recorded: { $name } withdrew consent.
behalf-someone = community staff
behalf-told = { $staff } of your community did this for you:
behalf-did-book = booked { $facility }, { $at }
behalf-did-cancel = cancelled the booking of { $facility }, { $at }
behalf-did-support = supported the idea "{ $title }"
behalf-did-apply = applied for a market stall
hint-not-while-acting = Not while acting for a resident. Choose "Stop acting" first.
audit-behalf-register = On behalf: resident registered
audit-behalf-start = On behalf: started
audit-behalf-end = On behalf: ended
audit-behalf-act = On behalf: done for resident
audit-behalf-withdraw = On behalf: consent withdrawn
behalf-ended-idle = Acting for a resident ended: nothing was done for 30 minutes.
behalf-already = { $name } ({ $room }) is already registered: choose "Act for a resident".
