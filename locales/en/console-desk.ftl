# Web console: notices, markets and the fund (issue 21 points 5 and 6)
console-desk-notice-bad-title = A title has at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
console-desk-fund-opening = Balance at the start of the month
console-desk-fund-income = Income this month
console-desk-fund-spending = Spending this month
console-desk-fund-closing = Balance at the end of the month

## Fund
console-nav-fund = Fund
console-desk-fund-title = Community fund · { $community }
console-desk-fund-balance-title = Balance
console-desk-fund-balance = { $amount } yuan
console-desk-fund-chain-broken = The ledger check failed: line { $line } was changed, removed or inserted. Tell the system administrator now.
console-desk-fund-chain-holds = The ledger checks out: { $lines ->
        [one] { $lines } line
       *[other] { $lines } lines
    }, none changed.
console-desk-fund-head = Check code of the last line:
console-desk-fund-this-month = This month: income { $income } yuan, spending { $spending } yuan.
console-desk-fund-month-link = Monthly report
console-desk-fund-waiting-title = Spending waiting for a second signature
console-desk-fund-waiting-none = Nothing is waiting for a signature.
console-desk-fund-col-number = No.
console-desk-fund-col-day = Date
console-desk-fund-col-amount = Amount (yuan)
console-desk-fund-col-purpose = Purpose
console-desk-fund-col-kind = Kind
console-desk-fund-col-signed = Signed by
console-desk-fund-request = No. { $id }: { $amount } yuan
console-desk-fund-request-facts = { $day }, proposed by { $proposer }
console-desk-fund-needs-other = Yours: another staff member must sign it
console-desk-fund-sign = Sign (no. { $id })
console-desk-fund-reason = Reason for turning it down
console-desk-fund-decline = Turn down
console-desk-fund-propose-title = Propose spending
console-desk-fund-propose-help = Spending goes in the ledger only once another staff member signs it.
console-desk-fund-amount = Amount (yuan)
console-desk-fund-purpose = Purpose
console-desk-fund-day = Date
console-desk-fund-propose = Submit for signature
console-desk-fund-bad-day = That date will not do: not after today, and not more than a year ago.
console-desk-fund-proposed = Submitted: another staff member must sign it.
console-desk-fund-signed = Signed: the spending is in the ledger.
console-desk-fund-declined = Turned down: the proposer is told why.
console-desk-fund-month-title = Fund report · { $community } · { $month }
console-desk-fund-months = Months
console-desk-fund-before = Previous month
console-desk-fund-after = Next month
console-desk-fund-back = Back to the fund
console-desk-fund-csv = Download (CSV)
console-desk-fund-lines-title = Lines this month
console-desk-fund-lines-none = No lines this month.
console-desk-fund-corrects = (corrects line { $line })

## Notices
console-nav-notices = Notices
console-desk-notice-title = Notices · { $community }
console-desk-notice-new = Write a notice
console-desk-notice-new-title = New notice · { $community }
console-desk-notice-preview-title = Check before sending · { $community }
console-desk-notice-detail-title = Notice #{ $id }
console-desk-notice-field-title = Title (optional)
console-desk-notice-field-text = Text
console-desk-notice-field-topic = Topic
console-desk-notice-field-audience = To
console-desk-notice-field-urgent = Urgent
console-desk-notice-urgent-help = Urgent (sent in quiet hours, and to those who muted the topic)
console-desk-notice-urgent = Urgent
console-desk-notice-field-when = When
console-desk-notice-now = Now
console-desk-notice-later = At a set time
console-desk-notice-field-send-at = Time to send
console-desk-notice-bad-time = Please give the date and time to send it.
console-desk-notice-to-community = All residents
console-desk-notice-to-staff = Community staff
console-desk-notice-to-operators = Facility operators
console-desk-notice-preview = Next: see how many it reaches
console-desk-notice-reaches = { $count ->
    [0] This notice reaches nobody.
    [one] This notice goes to { $count } person.
   *[other] This notice goes to { $count } people.
}
console-desk-notice-unreached = { $count ->
        [one] { $count } resident has
       *[other] { $count } residents have
    } not set a compound or building and will not get it. The notice flow in chat can remind them.
console-desk-notice-send = Send ({ $count ->
        [one] { $count } person
       *[other] { $count } people
    })
console-desk-notice-edit = Change it
console-desk-notice-undo-help = You can withdraw it within 15 seconds of sending.
console-desk-notice-created = Scheduled. You can withdraw it until it has all gone out.
console-desk-notice-withdrawn = Withdrawn: what had not gone out will not be sent.
console-desk-notice-back = Back to notices
console-desk-notice-delivery = Delivery
console-desk-notice-not-yet = Not being sent yet.
console-desk-notice-withdraw = Withdraw this notice
console-desk-notice-going = Going out now
console-desk-notice-going-none = No notice is going out now.
console-desk-notice-archive = All notices ({ $count })
console-desk-notice-none = No notice has been sent yet.
console-desk-notice-col-when = When
console-desk-notice-col-notice = Notice
console-desk-notice-col-status = Status
console-desk-notice-col-recipients = People
console-desk-notice-col-sent = Delivered
console-desk-notice-col-waiting = Waiting
console-desk-notice-col-failed = Failed
console-desk-notice-status-scheduled = Waiting to go
console-desk-notice-status-sending = Sending
console-desk-notice-status-sent = Sent
console-desk-notice-status-cancelled = Withdrawn
console-desk-pages = Pages
console-desk-page-before = Previous page
console-desk-page-after = Next page
console-desk-page-of = Page { $page } of { $pages }

## Markets
console-nav-market = Markets
console-desk-market-title = Markets · { $community }
console-desk-market-none = No market yet.
console-desk-market-col-day = Date
console-desk-market-col-place = Place
console-desk-market-col-mode = How stalls go
console-desk-market-col-state = State
console-desk-market-mode-first = First come
console-desk-market-mode-lottery = Lottery
console-desk-market-held = Held
console-desk-market-drawn-state = Drawn
console-desk-market-coming = Coming
console-desk-market-day-title = Market · { $day } · { $place }
console-desk-market-back = Back to markets
console-desk-market-facts = { $opens }–{ $closes }, { $mode }, applications close { $deadline }, stall fee { $fee } yuan.
console-desk-market-figures = Figures
console-desk-market-fig-applications = Applications
console-desk-market-fig-stalls = Stalls
console-desk-market-fig-category = { $category } ({ $stalls ->
        [one] { $stalls } stall
       *[other] { $stalls } stalls
    }) approved
console-desk-market-fig-waitlisted = Waitlisted
console-desk-market-fig-came = Came
console-desk-market-fig-missed = Did not come
console-desk-market-fig-unmarked = Attendance not marked
console-desk-market-fig-fund = Stall fees in the fund (yuan)
console-desk-market-csv = Download applications (CSV)
console-desk-market-draw = Draw and proof
console-desk-market-commitment = Fingerprint published before the draw (SHA-256 of the secret):
console-desk-market-secret = Secret revealed at the draw:
console-desk-market-pool = Application numbers in the draw:
console-desk-market-seed = Seed:
console-desk-market-proof-holds = The proof holds: the secret matches the fingerprint, and the seed and every place can be worked out again.
console-desk-market-proof-broken = The proof fails: { $count ->
        [one] { $count } place differs
       *[other] { $count } places differ
    } from the recomputed draw. Tell the system administrator.
console-desk-market-order = { $category }: the first { $stalls } get a stall
console-desk-market-order-line = Application { $number }
console-desk-market-how-title = Check it yourself
console-desk-market-how-commitment = SHA-256 of the secret must equal the fingerprint published before the draw.
console-desk-market-how-seed = Seed = SHA-256("secret|application numbers"), ascending, comma-separated.
console-desk-market-how-order = In each category, each application's order code = SHA-256("seed:category:number"); smallest first get the stalls, the rest wait in that order.
console-desk-market-how-command = Or run: linli market verify { $market }
console-desk-market-run-draw = Draw now
console-desk-market-draw-later = The draw can be made once applications close ({ $deadline }). The system draws then by itself, or you can draw here.
console-desk-market-drawn = Drawn: every applicant is told the result.
console-desk-market-applications = Applications ({ $count })
console-desk-market-applications-none = No applications yet.
console-desk-market-col-stall = Stall
console-desk-market-col-action = Action
console-desk-market-col-attended = Attended
console-desk-market-application = No. { $number } · { $category }
console-desk-market-line = place { $place } in line
console-desk-market-rank = drawn { $rank }
console-desk-market-approve = Approve
console-desk-market-approve-add = Add a stall and approve
console-desk-market-reason = Reason for not approving
console-desk-market-reject = Do not approve
console-desk-market-approved = Approved: the vendor is told.
console-desk-market-rejected = Not approved: the vendor is told why.
console-desk-market-attendance = Attendance
console-desk-market-attendance-later = Attendance can be marked from the market day on.
console-desk-market-attendance-none = No approved stall.
console-desk-market-unmarked = Not marked
console-desk-market-came = Came
console-desk-market-missed = Did not come
console-desk-market-mark-came = Came
console-desk-market-mark-missed = Did not come
console-desk-market-marked = Marked.
console-desk-fund-bad-donor = A giver's name has at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }; to leave it out, choose "Not shown".
console-desk-fund-income-title = Record income
console-desk-fund-income-help = Income goes straight in the ledger, dated today. Every resident can see every line.
console-desk-fund-source = Source
console-desk-fund-donor-title = Giver (recorded for donations only)
console-desk-fund-donor = Giver's name
console-desk-fund-shown = Shown in the ledger as
console-desk-fund-shown-anonymous = Not shown
console-desk-fund-shown-masked = Surname only (Wang**)
console-desk-fund-shown-name = Full name
console-desk-fund-income-save = Add to the ledger
console-desk-fund-income-saved = Added to the ledger.
