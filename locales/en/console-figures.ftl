## Web console: figures

console-nav-figures = Figures
console-figures-title = Figures · { $community }
console-figures-span = { $months ->
    [one] This month
   *[other] Last { $months } months
}
console-figures-from = From (year-month)
console-figures-to = To (year-month)
console-figures-show = Show
console-figures-period = { $first } to { $last }, { $months ->
    [one] one month
   *[other] { $months } months
}
console-figures-csv = Download the table (CSV): { $title }
console-figures-numbers = The numbers in the chart
console-figures-nothing = No figures for this period.
