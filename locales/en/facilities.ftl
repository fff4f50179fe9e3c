## Shared facilities (社区之家)

facilities-item = { $name } ({ $unit })
facilities-gone = This facility is no longer open to your community.

facility-day-range = { $first }–{ $last }
facility-every-day = Every day
facility-hours-line = { $days } { $times }
facility-fee-free = Fee: free
facility-fee-paid = Fee: { $amount } yuan { $unit } (low fee)
facility-age = Age: { $min } to { $max }
facility-age-min = Age: { $min } and over
facility-age-max = Age: { $max } and under
facility-rules = Please note: { $rules }
facility-address = Address: { $address }
facility-contact = Phone: { $contact }


facilities-home = What are you looking for?
facilities-open-now = Open now
facilities-pick-day = Open on a day
facilities-weekend = Open this weekend
facilities-by-category = By category
facilities-search = Search by name
facilities-all = All facilities
facilities-pick-category = Choose a category:
facilities-pick-day-ask = Choose a day:
facilities-search-ask = Type part of a facility's or unit's name, e.g. "dance" or "乒乓":
facilities-none-found = Nothing matches. Try something else.
facilities-list-title = { $what }{ $detail } ({ $count } found). { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number:
    }
facilities-title-now = Open now
facilities-title-bookable = Places you can book
facilities-title-day = Open on{" "}
facilities-title-weekend = Open this weekend
facilities-title-category = Category:{" "}
facilities-title-search = Name contains:{" "}
facilities-title-all = All facilities

category-sport = Sport
category-food = Canteens
category-learning = Culture and learning
category-reading = Reading
category-parking = Parking
category-health = Health
category-venue = Event spaces

facility-holiday-rule = Today is a public holiday: Sunday hours apply.
facility-makeup-rule = Today is a make-up working day: weekday hours apply.
facility-week-hours = Weekly hours:
facility-book = Book
facility-request = Request to use
