# Web console: notices, markets and the fund (issue 21 points 5 and 6)
console-desk-notice-bad-title = A title has at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
console-desk-fund-opening = Balance at the start of the month
console-desk-fund-income = Income this month
console-desk-fund-spending = Spending this month
console-desk-fund-closing = Balance at the end of the month
