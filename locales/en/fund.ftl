## The community development fund

fund-bad-entry = The entry does not work: income needs a source, the amount cannot be 0, and a purpose is needed.
fund-needs-approval = Spending goes in the ledger only once a second staff member signs it.
fund-balance = Community development fund: balance { $balance } yuan (income { $income }, spending { $spending })
fund-month = { $month }: income { $income } yuan, spending { $spending } yuan
fund-source-line = Income from { $source }: { $amount } yuan
fund-spending-line = Spent { $day }: { $amount } yuan, { $purpose } (signed by { $approved })
fund-source-stall-fee = stall fees
fund-source-pledge = vendors' pledged shares
fund-source-donation = donations
fund-months = By month
fund-income = Income lines
fund-income-title = { $count ->
        [one] { $count } income line
       *[other] { $count } income lines
    } (page { $page }/{ $pages }); givers are shown as they chose:
fund-income-line = { $day } { $amount } yuan · { $source } · { $purpose }
fund-income-line-donor = { $day } { $amount } yuan · { $source } · { $purpose } · { $donor }
fund-kind-income = income
fund-kind-spending = spending
fund-empty = The fund has no entries yet.
fund-add-income = Record income
fund-add-spending = Propose spending
fund-pending = Spending to sign ({ $count })
fund-pending-none = No spending is waiting to be signed.
fund-pending-title = { $count ->
        [one] { $count } spending line waits
       *[other] { $count } spending lines wait
    } to be signed (someone else signs yours):
fund-request-line = { $amount } yuan { $purpose } (proposed by { $who })
fund-request-card = Spending proposed: { $day }, { $amount } yuan, { $purpose }. Proposed by { $who }.
fund-request-corrects = It corrects line #{ $id }.
fund-request-done = This proposal has been dealt with.
fund-request-yours = You proposed this: another staff member signs it.
fund-approve = Sign it
fund-decline = Turn it down
fund-ask-decline = Why not? (the proposer is told)
fund-approved = Signed: ledger line #{ $id }, { $amount } yuan.
fund-declined = Turned down; the proposer is told why.
fund-proposed = Spending of { $amount } yuan proposed: it goes in the ledger once another staff member signs it.
fund-not-your-own = You cannot sign spending you proposed: another staff member signs it.
fund-reason-needed = Please give a reason (up to 200 characters).
fund-request-waiting = Spending waits for your signature: { $amount } yuan, { $purpose }. See "Spending to sign" in the community development fund.
fund-request-decided = The spending you proposed, { $amount } yuan ({ $purpose }): { $outcome }
fund-request-approved = signed, ledger line #{ $id }.
fund-request-declined = turned down: { $reason }
fund-correct = Correct a line
fund-pick = Which line? (It stays as it is; the correction is a new line.)
fund-pick-line = #{ $id } { $day } { $kind } { $amount } yuan { $purpose }
fund-ask-fix-amount = Correcting #{ $id } ({ $kind } { $amount } yuan, { $purpose }): how many yuan to add? Too little: a positive amount; too much: a negative one, e.g. -20
fund-bad-fix-amount = Please give the amount to add or take back, e.g. 20 or -20, not 0.
fund-ask-fix-why = Why the correction?
fund-corrected = Correction #{ $id } (of #{ $old }) saved: { $amount } yuan. The line it corrects stays as it was.
fund-export = Export as CSV
fund-exported = The fund's ledger is exported.
fund-csv-id = id
fund-csv-date = date
fund-csv-kind = kind
fund-csv-source = source
fund-csv-amount = amount (yuan)
fund-csv-purpose = purpose
fund-csv-approved-by = signed by
fund-csv-corrects = corrects
fund-csv-market = market
fund-csv-donor = donor
fund-csv-prev-hash = previous hash
fund-csv-hash = hash
fund-ask-source = Where does the income come from?
fund-ask-amount = How many yuan? e.g. 120.50
fund-ask-purpose = What is it for? A line:
fund-ask-donor = The giver's name? (Choose "anonymous" if they would rather not be named.)
fund-donor-anonymous = anonymous
fund-ask-donor-show = The ledger is public: how should the giver be shown?
fund-donor-name = Full name: { $shown }
fund-donor-masked = Surname only: { $shown }
fund-add-stall-fee = Record this market's stall fees
fund-ask-fee = How many yuan of stall fees at this market? e.g. 120
fund-saved = Entry #{ $id } saved: { $amount } yuan. Entries can be added, never changed.
