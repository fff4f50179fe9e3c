## Notices and events

notice-header = [Community notice · { $topic }]
notice-header-urgent = [URGENT]
notice-bad-text = A notice needs text, at most { $limit } characters.
notice-time-past = The sending time must be in the future.
notice-too-late = This notice has started going out and can no longer be withdrawn.
notice-progress = Notice #{ $id }: { $recipients } people, { $sent } delivered, { $waiting } waiting, { $failed } failed.
notice-report-title = Your notice has gone out:

topic-events = Events
topic-market = Market
topic-outage = Water and power cuts
topic-policy = Policy
topic-health = Health
topic-other = Other

event-bad-details = The event needs a title and a place, a time in the future, and 1 to 10000 places.
event-started = The event has begun; sign-up is closed.
event-full = The event is full.
event-reminder = Event reminder: "{ $title }", { $when }, at { $place }.
