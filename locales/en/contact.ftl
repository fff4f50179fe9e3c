menu-contact = Contact the office
staff-contact = Office contact details
contact-card =
    Residents' committee of { $community }
    Address: { $address }
    Office hours: { $hours }
    Phone: { $phone }
contact-none = The residents' committee of { $community } has not given its contact details yet.
contact-unset = not given
contact-address = address
contact-hours = office hours
contact-phone = phone
contact-change = Change { $item }
contact-ask = Type the new { $item } (at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }). Type "none" to clear it.
contact-saved = Saved: residents see the new { $item } now.
contact-too-long = Please type 1 to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
contact-bad-phone = A phone may hold only digits, spaces, "-", brackets and 转, e.g. 0531-88888888 转 2.
