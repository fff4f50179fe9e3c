## Figures: bookings, proposals, market days, the fund (staff)

figures-staff-button = Figures
figures-home = Figures: { $first } to { $last }, { $months ->
    [one] one month
   *[other] { $months } months
}. Pick a chart:
figures-change-span = Another period
figures-ask-span = How many months?
figures-span = { $months ->
    [one] This month
   *[other] Last { $months } months
}
figures-bad-period = That period does not work: whole months, the first not after the last, at most { $most ->
    [one] one month
   *[other] { $most } months
}.
figures-title-booking-months = Bookings: use and no-shows by month
figures-title-booking-facilities = Bookings: use and no-shows by facility
figures-title-proposal-stages = Proposals by stage
figures-title-proposal-days = Proposals: days from submission to decision
figures-title-proposal-ratings = Proposals: residents' ratings
figures-title-markets = Market days: applications, stalls, attendance
figures-title-fund = The fund: income and spending by month
figures-stage-collect = Collect (gathering support)
figures-stage-deliberate = Deliberate (waiting, on a meeting)
figures-stage-decide = Decided (adopted)
figures-stage-oversee = Oversee (being carried out)
figures-stage-closed = Closed
figures-axis-month = Month
figures-axis-facility = Facility
figures-axis-times = Bookings
figures-axis-stage = Stage
figures-axis-proposals = Proposals
figures-axis-days = Days
figures-axis-score = Score
figures-axis-market = Market day
figures-axis-count = Count
figures-axis-yuan = Amount (yuan)
figures-used = Used
figures-no-show = No-show
figures-proposals = Proposals
figures-median-days = Median days
figures-ratings = Ratings
figures-score = { $score ->
    [one] 1 star
   *[other] { $score } stars
}
figures-applications = Applications
figures-stalls = Stalls
figures-came = Came
figures-missed = Did not come
figures-income = Income (yuan)
figures-spending = Spending (yuan)
figures-note-bookings = Past bookings: { $used } used, { $missed ->
    [one] one no-show
   *[other] { $missed } no-shows
}
figures-note-proposals = { $count ->
    [one] One proposal
   *[other] { $count } proposals
} submitted in this period
figures-note-days = { $decisions ->
    [one] One decision
   *[other] { $decisions } decisions
}, median time to a decision: { $days ->
    [one] one day
   *[other] { $days } days
}
figures-note-no-decisions = No decisions in this period
figures-note-ratings = { $count ->
    [one] One rating
   *[other] { $count } ratings
}, average { $average }, satisfied (4 or 5) { $rate }%
figures-note-no-ratings = No ratings in this period
figures-note-markets = { $count ->
    [one] One market day
   *[other] { $count } market days
}
figures-note-fund = Income { $income } yuan, spending { $spending } yuan in all
figures-note = ({ $note })
figures-nothing = No figures for this period.
figures-pair = { $name } { $value }
figures-and = { $head }, { $tail }
figures-line = { $category }: { $values }
figures-title-market-year = Vendors at each market day of { $year }
figures-axis-vendors = Vendors
figures-vendors = Vendors
