## The neighbourhood market and the community development fund

market-bad-details = The market details do not work: close after open, a place, a deadline between now and the opening, 1 to 500 stalls.
market-deadline-passed = Applications are closed.
market-too-late = On the market day a stall can no longer be withdrawn; please call the staff.
market-bad-application = Please give a stall name (up to 40 characters), what you sell (up to 100) and a phone number.
market-no-draw = The draw cannot run now.
market-staff-flag = The vendor "{ $stall }" missed several markets recently and went to the back of the line.
stall-applied = applied
stall-approved = approved
stall-waitlisted = on the waitlist
stall-rejected = not approved
stall-withdrawn = withdrawn
stall-status = Market on { $day }, stall ({ $category }): { $status }
stall-reminder = Reminder: tomorrow, { $day } at { $time }, your stall at { $place }.
fund-bad-entry = The entry does not work: income needs a source, the amount cannot be 0, and a purpose is needed.
fund-needs-approval = Spending needs the fund committee's approval named.
