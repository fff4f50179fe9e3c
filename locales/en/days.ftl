# Holidays marked on the day choices, and loading the State Council's schedule (issue 17, 9/10).
days-marked = { $day } { $mark }
days-new-year = New Year
days-spring-festival = Spring Festival
days-qingming = Qingming
days-labour-day = Labour Day
days-dragon-boat = Dragon Boat
days-mid-autumn = Mid-Autumn
days-national-day = National Day
days-victory-day = Victory Day
days-holiday = holiday
days-makeup-workday = working day (swap)
days-estimated = The { $year } holiday schedule is not published yet: holidays shown are estimates.
days-type-hint = You can also type a date, like "Dec 25" or "next Sat".
days-too-far = Only days within { $days ->
    [one] { $days } day
   *[other] { $days } days
} can be chosen.
days-load-no-year = The file must name its year, like "year: 2027".
days-load-bad-section = Under "{ $section }", list dates by holiday.
days-load-bad-name = Unknown holiday: "{ $name }" (use 元旦, 春节, 清明, 劳动节, 端午, 中秋 or 国庆).
days-load-bad-days = Dates of { $name } not understood: "{ $value }" (write 2027-10-01 or 2027-10-01 ~ 2027-10-07).
days-load-wrong-year = { $day } is not in { $year }.
days-load-both = { $day } cannot be both a day off and a working day.
days-load-no-holidays = The file lists no days off.
days-loaded = Loaded the { $year } holiday schedule: { $holidays ->
    [one] { $holidays } day off
   *[other] { $holidays } days off
}, { $workdays ->
    [one] { $workdays } swapped working day
   *[other] { $workdays } swapped working days
}.
days-show-source-loaded = { $year }: the State Council's schedule, loaded by staff.
days-show-source-official = { $year }: the State Council's schedule, from chinese-calendar.
days-show-source-estimated = { $year }: the State Council's schedule is not loaded; these are estimates (no swapped working days). Load it with: linli holidays load FILE
days-show-holiday = { $day }: day off ({ $name })
days-show-workday = { $day }: working day ({ $name })
days-year-usage = The year needs four digits, like 2027.
