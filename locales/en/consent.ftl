## Privacy notice and consent; unit operators see masked names only

consent-notice =
    Hello! Welcome to Linli, your community's service. Before we start, here is how we use your information:
    · Who runs it: { $operator }.
    · What we keep: the community and building you choose, the nickname WeChat or Telegram gives us, and what you do here (bookings, applications, proposals). We ask for a phone number only when you apply for a market stall.
    · Why: to do these things for you and to send notices and reminders. Never sold, no advertising.
    · How long: unfinished conversations are deleted after { $conversation_days } { $conversation_days ->
        [one] day
       *[other] days
    }; the text of messages sent to you after { $push_days } { $push_days ->
        [one] day
       *[other] days
    }; staff actions are logged for { $audit_years } { $audit_years ->
        [one] year
       *[other] years
    }.
    · Staff of schools, hospitals and other units see only a booking's code, time and a masked name (like "W***").
    · Questions: "Contact the office" in the menu reaches the staff.
consent-operator-default = the residents' committee of your community
consent-notice-names = These places check names at the door, so their staff see your name: { $facilities }.
consent-notice-link = Full text: { $url }
consent-ask = To agree (notice version { $version }), choose "I agree"{ $buttons ->
        [tap] .
       *[number] , or reply 1.
    }
consent-agree = I agree
consent-refuse = I do not agree
consent-hint = { $buttons ->
        [tap] Please tap "I agree" or "I do not agree".
       *[number] Please reply 1 (agree) or 2 (do not agree).
    }
consent-updated = Our privacy notice has changed; please read it again.
consent-thanks = Thank you! Your agreement is recorded.
consent-refused = All right: we have kept nothing about you. Whenever you want to use the service, send any message and agree.
consent-refused-kept = All right. Until you agree to the new notice we do nothing for you and keep nothing new. What you had is still there; to have it deleted, contact the office staff. Send any message when you want to come back.
privacy-phone-why = Why a phone number: on market day the staff may need to reach you (a stall moved, a cancellation). Only staff see the full number.
privacy-checked-in-name = Booked by: { $name }
privacy-names-masked = To protect privacy, only the first letter of a name is shown.
report-column-booker = Booked by
