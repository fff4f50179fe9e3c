## Fewer steps: book a place, book again, check in one after another

menu-reserve = Book a place
journey-again = Book again: { $facility }
journey-places-title = Places you can book ({ $count }), with today's hours:
journey-place-today = { $facility } · today { $hours }
journey-place-closed-today = { $facility } · closed today
journey-no-places = No place can be booked at the moment.
journey-no-slot-at = Nothing free starts at { $time }. Please pick a time:
journey-checkin-next = { $count } checked in. Type the next booking code (press "Back" when done):
