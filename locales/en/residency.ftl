# Residency (household): household invite codes, building QR codes, staff confirmation

residency-needed = To support, report or apply for a stall, first confirm you live in this community. In "Profile" choose "Enter household code" (from the community office) or scan the QR code in your building; you can also ask the office to confirm you there. Browsing and booking are not affected.
residency-code-ask = Please type the household code the community office gave you (e.g. XHS2301). No code? Ask the office to confirm you:
residency-ask-staff = Ask the office to confirm me
residency-asked-staff = The office has been asked to confirm you; you will be told.
residency-code-invalid = That household code is not right. Please check it and type it again. Nothing was changed.
residency-code-expired = That household code has expired. Please ask the community office for a new one. Nothing was changed.
residency-code-used-up = That household code has been used up. Please ask the community office for a new one.
residency-confirmed = Address confirmed: { $community } { $household }. You can now support, report and apply for stalls.
residency-moved = You changed community. In the old one, your { $supports ->
        [one] { $supports } support
       *[other] { $supports } supports
    } and { $reports ->
        [one] { $reports } report
       *[other] { $reports } reports
    } were withdrawn. Please confirm your address in the new one.
residency-change-too-soon = The community cannot be changed that often; you can change it again from { $day }.
residency-approved = The office confirmed you live in { $community }. You can now support, report and apply for stalls.
residency-refused = The { $community } office did not confirm your address. Please contact the office with any questions.
residency-status-confirmed = Address: confirmed ({ $household })
residency-status-pending = Address: waiting for confirmation
residency-status-refused = Address: not confirmed by the office
residency-status-none = Address: not confirmed
profile-household-code = Enter household code
booking-quota-household = Your household already has { $limit ->
        [one] { $limit } booking
       *[other] { $limit } bookings
    } here. Use or cancel one first.

staff-residents = Confirm residents
staff-residents-waiting = { $count ->
        [one] { $count } resident waits
       *[other] { $count } residents wait
    } for their address to be confirmed (see "Confirm residents").
residents-title = Waiting for confirmation: { $count ->
        [one] { $count } resident
       *[other] { $count } residents
    }. Choose one:
residents-none = Nobody is waiting for confirmation.
residents-gone = This resident is no longer waiting.
residents-card = { $name } · waiting since { $since }
residents-decide = Confirm that this person lives in the community?
residents-approve = Confirm
residents-refuse = Do not confirm
residents-approved = Confirmed; the resident has been told.
residents-refused = Marked as not confirmed; the resident has been told.
audit-household-code = Household code issued
audit-residency-confirm = Address confirmed
audit-residency-refuse = Address not confirmed

cli-household-code = Household code: { $code } ({ $community } { $household }, valid { $days ->
        [one] { $days } day
       *[other] { $days } days
    }, { $uses ->
        [one] { $uses } use
       *[other] { $uses } uses
    })
cli-household-link = Telegram link: { $link }
cli-household-scene = WeChat QR parameter (scene): { $scene }
cli-household-no-code = No such household code: { $code }
cli-household-no-bot = LINLI_TELEGRAM_BOT_USERNAME is not set, so no Telegram link; start parameter: { $scene }
