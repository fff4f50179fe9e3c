## Draws: popular slots drawn among households, checkable by anyone

draw-rule = Popular times here are drawn among households, one entry each. Entries open (days before): { $days }. Drawn (hours before): { $hours }.
draw-none-open = No time on this day takes entries now.
draw-slot-enter = { $time } enter the draw (places: { $places }, entered: { $entered })
draw-enter-ask = Enter the draw: drawn { $when }; places: { $places }; households entered: { $entered }. If you win, you are booked.
draw-commitment = Draw no. { $draw }. Its secret is locked; its fingerprint is { $commitment }. The secret is published at the draw so anyone can check it.
draw-enter = Enter the draw
draw-entered = You are in the draw! It is drawn { $when }; you will be told. See or withdraw it in My bookings.
draw-not-open-yet = This time is drawn among households; entries open { $opens }.
draw-book-by-entry = This time is drawn among households and cannot be booked directly: choose "enter the draw".
draw-being-drawn = This time is being drawn; please look again shortly.
draw-entries-closed = Entries for this time have closed.
draw-already-entered = You have already entered this draw; no need to again. See it in My bookings.
draw-already-entered-household = Someone of your household has already entered this draw; one entry per household.
draw-withdraw-too-late = The draw has been made; it is too late to withdraw.
draw-withdraw = Withdraw from the draw
draw-withdrawn = You have withdrawn. You may enter again until entries close.
draw-mine-title = You are in { $count ->
        [one] { $count } draw
       *[other] { $count } draws
    }. { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number to see one:
    }
draw-mine-item = Draw { $when } { $facility }
draw-mine-entry = Entered; drawn { $when }.
draw-won = You won! "{ $facility }" { $when } is booked for you. Booking code: { $code }
draw-lost = Sorry, you were not drawn for "{ $facility }" { $when } (places: { $places }; your place in the draw: { $rank }). Thank you for taking part; other times may be free.
draw-called-off = Sorry, "{ $facility }" { $when } is no longer open, so this draw is called off; nobody was drawn.
draw-other-times = See other times
draw-facts = Draw no. { $draw }: fingerprint { $commitment }, published secret { $secret }, seed { $seed }; households: { $entries }; places: { $places }.
draw-verify-hint = To check: SHA-256(secret) is the fingerprint; SHA-256(secret|the households, ascending, comma-separated) is the seed; each household's SHA-256(seed:slot:slot number:household), smallest first, wins. Staff can run linli booking verify-draw --draw { $draw }.
draw-not-made = This draw has not been made yet, or there is no such draw.

import-lottery-both = A draw needs both "lottery_opens_days" and "lottery_draw_hours".
import-lottery-order = The draw must come after entries open: lottery_draw_hours ({ $hours }) must be less than 24 × lottery_opens_days ({ $days }).
import-lottery-horizon = lottery_opens_days ({ $days }) goes beyond horizon_days ({ $horizon }), how far ahead it can be booked.

cli-slot-draw-facts = Draw no. { $draw }: fingerprint { $commitment }, secret { $secret }, seed { $seed }; places: { $places }.
cli-slot-draw-entries = Households entered (ascending): { $keys }
cli-slot-draw-order = Order by the rule: { $order }
cli-slot-draw-match = Match: the secret fits its fingerprint; the seed, the order and every household's outcome agree with the record.
cli-slot-draw-commitment-differs = Mismatch: the published secret does not fit the fingerprint published before.
cli-slot-draw-pool-differs = Mismatch: the households on record are not those published at the draw.
cli-slot-draw-seed-differs = Mismatch: the seed from the secret and the households is not the published seed.
cli-slot-draw-order-differs = Mismatch: the order by the rule is not the published result.
cli-slot-draw-outcomes-differ = Mismatch: these households' recorded place or outcome differs from the rule's: { $keys }
