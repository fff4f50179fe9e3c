"""Staff notices to residents: audiences, topics, quiet hours, scheduling and progress."""
