## Dates and times: one way everywhere, always with the weekday (handlers/kit/when.py)

weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun

day-today = Today
day-tomorrow = Tomorrow

# Wed 25 Nov
when-date = { $weekday } { $day } { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
# Wed 25 Nov 19:00
when-moment = { $date } { $time }

## What is wrong with a typed date or time (handlers/kit/spoken_time.py): say it, not just ask again
spoken-no-such-day = There is no { $month }/{ $day }. Please check the date.
spoken-bad-time = { $time } is not a valid time (hours 0 to 23, minutes 0 to 59).
spoken-past = { $month }/{ $day } has already passed. Please type today or a later day.
spoken-backwards = The end { $end } is before the start { $start }. Please type it again.
spoken-days-backwards = The last day { $last } is before the first day { $first }. Please type it again.
