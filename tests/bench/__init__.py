"""`make bench`: figures on speed and scale. Not tests: nothing here asserts a time."""
