"""Booking a slot at a shared facility: rules, waitlist, check-in, reminders."""
