## Shared facilities (社区之家)

facilities-title = { $count } shared facilities are open to your community. Reply with a number:
facilities-item = { $name } ({ $unit })
facilities-none = No shared facilities are open to your community yet.
facilities-gone = This facility is no longer open to your community.

facility-card-title = [{ $name }] { $unit } · { $mode }
facility-day-range = { $first }–{ $last }
facility-every-day = Every day
facility-hours-line = { $days } { $times }
facility-hours-on-request = By request: the unit arranges a time.
facility-fee-free = Fee: free
facility-fee-paid = Fee: { $amount } yuan { $unit } (low fee)
facility-age = Age: { $min } to { $max }
facility-rules = Please note: { $rules }
facility-address = Address: { $address }
facility-contact = Phone: { $contact }

mode-walk-in = walk in during opening hours
mode-off-peak = open off-peak
mode-on-request = by request

weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun
