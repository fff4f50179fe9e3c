# The facility directory: editing, import and export in the web console (also new file fields)
console-directory-too-many = “{ $key }” may have at most { $limit } lines.
console-directory-bad-hours = Opening hours “{ $value }” are unclear. Write them like “Mon-Fri 08:00-12:00”.
console-directory-bad-holiday = Holiday hours “{ $value }” are unclear. Write them like “09:00-12:00”.
console-directory-bad-closure = Closure “{ $value }” is unclear. Write “2026-12-05 exams” or “2026-12-05 - 2026-12-07 exams”, with a reason.
console-directory-closure-long = One closure may last { $days } days at most.
console-directory-bad-opening = Extra opening “{ $value }” is unclear. Write it like “2026-12-06 09:00-12:00”.
console-directory-past = The date of “{ $value }” has already passed.
console-directory-bad-photo = Photo address “{ $value }” is wrong: it must start with https://.
console-directory-communities-refused = Only staff of the community “{ $code }” may add or remove it.
console-directory-new-unit = There is no unit “{ $name }”. Add new units with linli facilities import.
console-directory-unit-changed = The details of unit “{ $name }” differ from those stored. Change units with linli facilities import.
console-directory-new-facility = There is no facility “{ $name }”. Add new facilities with linli facilities import.
console-directory-not-yours = You do not manage the facility “{ $name }”, so it cannot be changed here.
console-directory-overlap = On { $day } the hours { $first } and { $second } overlap.
