## The neighbourhood market and the community development fund

market-bad-details = The market details do not work: close after open, a place, a deadline between now and the opening, 1 to 500 stalls.
market-deadline-passed = Applications are closed.
market-too-late = On the market day a stall can no longer be withdrawn; please call the staff.
market-bad-application = Please give a stall name (up to 40 characters), what you sell (up to 100) and a phone number.
market-no-draw = The draw cannot run now.
stall-applied = applied
stall-approved = approved
stall-waitlisted = on the waitlist
stall-rejected = not approved
stall-withdrawn = withdrawn
stall-status = Market on { $day }, stall ({ $category }): { $status }
stall-reminder = Reminder: tomorrow, { $day } at { $time }, your stall at { $place }.

market-title = { $count ->
        [one] { $count } neighbourhood market
       *[other] { $count } neighbourhood markets
    } coming up:
market-none = No markets coming up.
market-line = { $day } { $place }
market-mine = My stalls
market-fund = Community development fund
market-card = Market: { $day } { $opens }–{ $closes }, { $place }. Stall fee { $fee } yuan; { $pledge }% of takings go to the community fund.
market-how = Stalls are given { $mode }; applications close { $deadline }.
market-mode-first = first come, first served
market-mode-lottery = by lottery after the deadline
market-category-line = { $name }: { $stalls ->
        [one] { $stalls } stall
       *[other] { $stalls } stalls
    }, { $left } left
market-apply = Apply for a stall
market-attendance = Record attendance
market-figures = Figures for this market
market-figures-line = { $name }: { $count ->
        [one] { $count } vendor
       *[other] { $count } vendors
    }
market-figures-text = { $came } came, { $missed } missed; { $fund } yuan to the fund.
market-export = Export the list
market-exported = The list of applications is exported (CSV, opens in Excel or WPS).
market-csv-number = Number
market-csv-category = Kind
market-csv-stall = Stall
market-csv-goods = Goods
market-csv-phone = Phone
market-csv-status = Status
market-csv-place = Place on waitlist
market-csv-rank = Lottery place
market-csv-attended = Attendance
market-csv-applied-at = Applied at
market-pick-category = What kind of stall?
market-ask-stall = Your stall's name? (e.g. Wang's vegetables)
market-ask-goods = What do you sell or offer?
market-ask-phone = A mobile number (only staff see it in full):
market-confirm = Application: { $stall }, { $goods }, phone { $phone }
market-send = Send the application
market-applied = Your application is in. Status: { $status }. You will be told of changes.
market-mine-title = My stall applications:
market-mine-none = You have not applied for a stall.
market-mine-line = { $day } { $stall } ({ $status })
market-stall-detail = { $day } { $stall }: { $goods }, phone { $phone }. Status: { $status }
market-position = Number { $position } on the waitlist
market-waitlist = Waitlist
market-waitlist-title = Which kind of stall's waitlist?
market-waitlist-category = { $name }: { $left } free, { $waiting } waiting
market-waitlist-none = Nobody is waiting for this kind of stall.
market-queue-title = Waiting for { $name }, { $left } free. Choose one to approve (in any order):
market-queue-line = No. { $place } { $stall } { $phone }
market-waiting-detail = { $stall }: { $goods }, phone { $phone }. Number { $place } on the waitlist.
market-not-waiting = "{ $stall }" is no longer on the waitlist ({ $status }).
market-approve-free = Approve, give them the free stall
market-approve-add = Add one stall and approve
market-approved = "{ $stall }" is approved and has been told.
market-category-full = Every stall for { $category } is taken. To approve, choose "Add one stall".
market-approve-too-late = This market day is over.
market-approve-barred = This vendor missed several market days and may not have a stall before { $until }. Hear them out and lift the bar first.
market-withdraw = Withdraw it
market-withdraw-ask = Withdraw your application for "{ $stall }"?
market-kept = OK, your application for "{ $stall }" still stands.
market-withdrawn = Your application for "{ $stall }" is withdrawn.
market-attendance-title = Tap a vendor to switch between came and missed:
market-attendance-none = No approved vendors for this market yet.
market-attendance-early = The market is on { $day }: attendance can be recorded from that day.
market-attendance-line = { $stall }: { $mark }
market-came = came
market-missed = missed
market-unknown = not recorded
market-ask-day = New market. Which day? e.g. 12-06
market-ask-hours = From when to when? e.g. 08:00-11:30
market-ask-place = Where? (e.g. the community square)
market-ask-stalls = How many stalls of each kind? e.g. { $example }
market-ask-deadline = When do applications close? e.g. 12-04 18:00
market-ask-fee = The fee per stall in yuan (0 for none):
market-ask-pledge = What percent of takings goes to the fund? e.g. 5, or 0:
market-ask-mode = How are stalls given out?
market-create = Create the market
market-created = The market on { $day } is created; residents can apply under "Market".
market-applications = Applications
market-applications-none = No applications yet.
market-applications-title = { $count ->
        [one] { $count } application
       *[other] { $count } applications
    } (choose one to turn it down):
market-application-line = { $category } { $stall } { $phone } ({ $status })
market-not-live = "{ $stall }" is already { $status }: nothing to turn down.
market-ask-reject = Why is it turned down? (The vendor will be told.)
market-rejected = "{ $stall }" has been told it was not approved.
market-reason-needed = Please give a reason.
stall-rejected-why = Your stall application for the market on { $day } was not approved: { $reason }
market-year = This year's figures
market-year-title = { $year }: { $markets ->
        [one] { $markets } market
       *[other] { $markets } markets
    } held, { $vendors ->
        [one] { $vendors } vendor place
       *[other] { $vendors } vendor places
    }, { $income } yuan of fund income. The chart shows each market's vendors by date:
market-year-line = { $day }: { $vendors ->
        [one] { $vendors } vendor
       *[other] { $vendors } vendors
    }
market-applicants = { $count ->
        [one] { $count } application
       *[other] { $count } applications
    }, by number:
market-lottery-commitment = Lottery: drawn at the deadline. The draw's secret is fixed; its fingerprint is { $commitment }. The secret is published after the draw so anyone can check it.
market-lottery-revealed = Drawn. Secret { $secret }, seed { $seed }.
market-lottery-rule = How to check: the seed is SHA-256(secret|the numbers in the draw, ascending, comma-separated); each number's place is SHA-256(seed:category:number), smallest first; the first ones get stalls, the rest wait in that order.
market-application-public = No. { $number } { $category } { $stall } { $phone } ({ $status })
market-application-drawn = No. { $number } { $category } { $stall } { $phone } ({ $status }, drawn { $rank })
market-not-drawn = This market has not been drawn yet, or is not a lottery.
market-barred = You recently missed several market days you had a stall for, so you cannot apply before { $until }. If there was a good reason, please tell the community office.
