"""Community events residents sign up for, with reminders."""
