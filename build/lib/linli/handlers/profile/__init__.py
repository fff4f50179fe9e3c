"""People and places: onboarding, the main menu, the profile, roles and invite codes."""
