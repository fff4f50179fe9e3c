## The community development fund

fund-bad-entry = The entry does not work: income needs a source, the amount cannot be 0, and a purpose is needed.
fund-needs-approval = Spending needs the fund committee's approval named.
fund-balance = Community development fund: balance { $balance } yuan (income { $income }, spending { $spending })
fund-month = { $month }: income { $income } yuan, spending { $spending } yuan
fund-source-line = Income from { $source }: { $amount } yuan
fund-spending-line = Spent { $day }: { $amount } yuan, { $purpose } (approved by { $approved })
fund-source-stall-fee = stall fees
fund-source-pledge = vendors' pledged shares
fund-source-donation = donations
fund-months = By month
fund-empty = The fund has no entries yet.
fund-add-income = Record income
fund-add-spending = Record spending
fund-export = Export as CSV
fund-exported = The fund's ledger is exported.
fund-ask-source = Where does the income come from?
fund-ask-amount = How many yuan? e.g. 120.50
fund-ask-purpose = What is it for? A line:
fund-ask-approver = Approved by whom? (the fund committee)
fund-saved = Entry #{ $id } saved: { $amount } yuan. Entries can be added, never changed.
