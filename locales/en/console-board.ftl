# The public board of a community (no sign-in), and how chat and the WeChat menu link to it.
console-board-keywords = board | notice board | public board
console-board-chat-link =
    { $community }'s public board: proposals, the fund's ledger, market draws and coming events, open to anyone without signing in.
    { $url }
console-board-chat-no-link = { $community }'s public board is not on the web yet. Proposals, markets and events are in the menu.
console-board-wechat-menu = Public board

## The index of boards
console-board-index-title = Public boards
console-board-index-intro = Pick a community to see its proposals, the fund's ledger, market draws and coming events. Open to anyone, no sign-in.
console-board-index-empty = There are no communities yet.
console-board-other-language = 中文
console-board-all = All communities

## A community's board
console-board-title = { $community } public board
console-board-intro = Open to anyone, no sign-in. Beyond the name a donor chose to be shown by, no resident's name, phone number or account is on this page. As of { $at }.
console-board-contents = On this page
console-board-proposals = Proposals
console-board-fund = Community development fund ledger
console-board-draws = Market draws
console-board-events = Coming events

## 金点子
console-board-proposals-intro = Residents' proposals, newest first. Each goes through four steps: collect (supports), deliberate (council meeting), decide, supervise (carried out).
console-board-proposals-empty = No proposals yet.
console-board-proposal-heading = No. { $number }: { $title }
console-board-proposal-meta = { $category } · { $level } · proposed { $day }
console-board-stages = Where it stands
console-board-stage-collect = Collect: supports
console-board-stage-deliberate = Deliberate: council
console-board-stage-decide = Decide
console-board-stage-supervise = Supervise: carried out
console-board-stages-filter = Show only the ideas at one step
console-board-stage-all = All ({ $count })
console-board-stage-count = { $stage } ({ $count })
console-board-collecting = { $supports ->
        [one] { $supports } support
       *[other] { $supports } supports
    } so far; { $threshold } take it to the council. Open until { $until }.
console-board-lapsed = Its time for supports is over: { $supports } of the { $threshold } needed.
console-board-pending = { $supports ->
        [one] { $supports } support
       *[other] { $supports } supports
    }, enough: waiting for a council meeting.
console-board-meeting = Council meeting: { $when }, at { $place }.
console-board-declined = Not adopted. Why: { $reason }
console-board-adopted = Adopted; carried out by the { $carrier }.
console-board-progress = { $percent }% done.
console-board-done = Done.
console-board-rated = { $count ->
        [one] { $count } rating
       *[other] { $count } ratings
    }, { $percent }% satisfied (4 or 5 of 5).
console-board-update = { $day }: { $percent }% done, { $text }
console-board-merged = Asks the same as No. { $number } and was merged into it.
console-board-description = Details

## The fund
console-board-fund-income = Income (yuan)
console-board-fund-spending = Spending (yuan)
console-board-fund-balance = Balance (yuan)
console-board-fund-whole = The ledger is whole: { $lines ->
        [one] { $lines } line
       *[other] { $lines } lines
    }, every line's check code holds.
console-board-fund-broken = Warning: line { $number } does not match its check code; a line may have been changed, removed or inserted. Please tell the office.
console-board-fund-head = The last line's check code (the chain's head):
console-board-fund-caption = Every line, in the order it was written. Every spending line was signed by two staff members.
console-board-fund-empty = The fund has no lines yet.
console-board-col-number = No.
console-board-col-date = Date
console-board-col-kind = In/out
console-board-col-source = Source
console-board-col-amount = Amount (yuan)
console-board-col-purpose = Purpose
console-board-col-donor = Donor
console-board-col-approved = Signed by
console-board-col-corrects = Corrects line
console-board-col-market = Market
console-board-col-check = Check
console-board-col-hash = Check code
console-board-line-ok = holds
console-board-line-bad = does not hold
console-board-how-title = Check it yourself
console-board-fund-json = Download the ledger's data (JSON): everything each line says.
console-board-fund-how-rule = Each line's check code = SHA-256 of the JSON array, no spaces: date, kind, source, amount with 2 decimals, purpose, signed by (empty string if none), corrects (null if none), market (null if none), the previous line's check code; a line that names a donor has the donor added at the end.
console-board-fund-how-chain = The first line's previous check code is 64 zeros. Line by line, the last check code must equal the head above. A line changed, removed or inserted breaks the chain from there on. These few lines of Python check it:

## Market lotteries
console-board-draws-empty = No market has had a draw yet.
console-board-draw-heading = { $day }, market at { $place } (No. { $market })
console-board-draw-coming = Applications close { $deadline }; the draw follows. The secret's fingerprint is published now and the secret at the draw, so anyone can match them and nobody can know the result beforehand.
console-board-draw-commitment = The secret's fingerprint (SHA-256):
console-board-draw-secret = Secret:
console-board-draw-seed = Seed:
console-board-draw-pool = Application numbers in the draw:
console-board-draw-nobody = nobody applied
console-board-draw-category = { $name }: { $stalls ->
        [one] { $stalls } stall
       *[other] { $stalls } stalls
    }
console-board-col-place = Order
console-board-col-entry = Application
console-board-col-result = Result
console-board-draw-stall = stall
console-board-draw-waiting = waiting list { $place }
console-board-draw-holds = Redone by the published rule: the result is the same.
console-board-draw-bad-commitment = The secret does not match the fingerprint published before the draw. Please tell the office.
console-board-draw-bad-seed = The seed does not follow from the secret and the application numbers. Please tell the office.
console-board-draw-bad-places = These applications are not where the rule puts them: { $numbers }. Please tell the office.
console-board-draws-json = Download the draws' data (JSON): secret, seed, application numbers and each category's order.
console-board-draw-how-commit = Fingerprint = SHA-256(secret). The fingerprint published before the draw must equal the one worked out from the published secret.
console-board-draw-how-seed = Seed = SHA-256("secret|the application numbers in the draw, ascending, comma-separated").
console-board-draw-how-order = Within each category, an application's key = SHA-256("seed:category:number"); sorted ascending, the first get the stalls and the rest wait in that order. The office can also run linli market verify with the market's number.

## Events
console-board-events-empty = No events coming up.
console-board-col-when = When
console-board-col-event = Event
console-board-col-where = Where
console-board-col-places = Places
console-board-event-open = no limit
console-board-event-places = { $left } of { $capacity } left
console-board-brand = Linli public board
