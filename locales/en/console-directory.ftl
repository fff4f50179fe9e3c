# The facility directory: editing, import and export in the web console (also new file fields)
console-directory-too-many = “{ $key }” may have at most { $limit ->
        [one] { $limit } line
       *[other] { $limit } lines
    }.
console-directory-bad-hours = Opening hours “{ $value }” are unclear. Write them like “Mon-Fri 08:00-12:00”.
console-directory-bad-holiday = Holiday hours “{ $value }” are unclear. Write them like “09:00-12:00”.
console-directory-bad-closure = Closure “{ $value }” is unclear. Write “2026-12-05 exams” or “2026-12-05 - 2026-12-07 exams”, with a reason.
console-directory-closure-long = One closure may last { $days ->
        [one] { $days } day
       *[other] { $days } days
    } at most.
console-directory-bad-opening = Extra opening “{ $value }” is unclear. Write it like “2026-12-06 09:00-12:00”.
console-directory-past = The date of “{ $value }” has already passed.
console-directory-bad-photo = Photo address “{ $value }” is wrong: it must start with https://.
console-directory-communities-refused = Only staff of the community “{ $code }” may add or remove it.
console-directory-new-unit = There is no unit “{ $name }”. Add new units with linli facilities import.
console-directory-unit-changed = The details of unit “{ $name }” differ from those stored. Change units with linli facilities import.
console-directory-new-facility = There is no facility “{ $name }”. Add new facilities with linli facilities import.
console-directory-not-yours = You do not manage the facility “{ $name }”, so it cannot be changed here.
console-directory-overlap = On { $day }, { $first } and { $second } overlap.

## The facility directory in the web console
console-directory-nav = Facilities
console-directory-title = Facilities · { $community }
console-directory-edit-title = Edit facility: { $name }
console-directory-import-title = Import the directory · { $community }
console-directory-none = No facility of this community is yours to manage.
console-directory-export = Export the directory file (YAML)
console-directory-import = Import a directory file
console-directory-back = Back to the facilities
console-directory-name = Name
console-directory-unit = Unit
console-directory-kind = Kind
console-directory-hours = Weekly hours
console-directory-bookable = Bookable
console-directory-on-request = On request
console-directory-yes = Yes
console-directory-no = No
console-directory-not-saved = Not saved. Please correct the places marked below and save again.
console-directory-group-basic = Basic details
console-directory-group-hours = Opening hours
console-directory-group-who = Who may use it, fees
console-directory-group-booking = Booking rules
console-directory-group-words = Description, rules, photos
console-directory-name-en = English name (optional)
console-directory-category = Category
console-directory-mode = Sharing mode
console-directory-room = Building and room
console-directory-room-hint = Where inside the unit, e.g. “Building 3, room 201”.
console-directory-contact = Phone
console-directory-hours-hint = One line per group of days, e.g. “Mon-Fri 08:00-12:00 14:00-17:00”, “Sat 09:00-11:00”. Leave empty for on-request places.
console-directory-holidays = Public holidays
console-directory-holidays-hint = Write “按周日” (Sunday's hours), “关闭” (closed), or the holiday hours, e.g. “09:00-12:00”.
console-directory-closures = Closed dates
console-directory-closures-hint = One per line, dates and reason, e.g. “2026-12-05 - 2026-12-07 exams”. A new closure cancels the bookings on those days and tells their holders why.
console-directory-openings = Extra openings
console-directory-openings-hint = One per line, e.g. “2026-12-06 09:00-12:00”.
console-directory-communities-hint = Whose residents may use it. You may add or remove only communities where you are staff.
console-directory-min-age = Minimum age (optional)
console-directory-max-age = Maximum age (optional)
console-directory-fee = Fee
console-directory-fee-amount = Low fee amount (yuan)
console-directory-fee-amount-hint = Leave empty when free.
console-directory-fee-unit = Charged per
console-directory-fee-unit-hint = e.g. “小时” (hour), “次” (visit).
console-directory-bookable-box = Bookable online
console-directory-slot-minutes = Minutes per slot
console-directory-capacity = Places per slot
console-directory-horizon-days = Days ahead one may book (empty: 7)
console-directory-max-upcoming = Upcoming slots per resident (empty: 2)
console-directory-max-household = Upcoming slots per household (optional)
console-directory-cancel-before = Cancel until this many minutes before (empty: 120)
console-directory-lottery-opens = Lottery: entries open this many days before (empty: no lottery)
console-directory-lottery-draw = Lottery: drawn this many hours before (empty: no lottery)
console-directory-entry-needs-name = The gate checks names (its operators see bookers' names)
console-directory-description = Description
console-directory-description-en = English description (optional)
console-directory-rules = Rules
console-directory-rules-en = English rules (optional)
console-directory-limit-500 = At most 500 characters.
console-directory-photos = Photo addresses
console-directory-photos-hint = One per line, starting with https://, at most 6.
console-directory-save = Save
console-directory-saved = Saved; the change is recorded.
console-directory-unchanged = Nothing was changed.
console-directory-upload = Upload a directory file
console-directory-import-hint = It is checked first: you see what changes at each facility and confirm before anything is saved. A file with any problem changes nothing. Add new units and facilities with the command linli facilities import.
console-directory-file = Choose a file
console-directory-or-paste = Or paste the file's text here
console-directory-check = Check
console-directory-preview = What will change
console-directory-import-same = The file is the same as the directory: nothing to import.
console-directory-field = Field
console-directory-old = Before
console-directory-new = After
console-directory-file-text = The file to import
console-directory-apply = Import ({ $count ->
        [one] { $count } facility changes
       *[other] { $count } facilities change
    })
console-directory-import-problems = The file has { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }; nothing was imported:
console-directory-imported = Imported; the changes are recorded.
console-directory-not-utf8 = The file is not UTF-8 text. Save it as UTF-8 and upload it again.
console-directory-nothing-uploaded = No file content arrived. Choose a file or paste its text.
console-directory-of-unit = Belongs to { $unit } ({ $address }). Change a unit's name and address with the command linli facilities import.
