## Notices

notice-header = [Community notice · { $topic }]
notice-header-urgent = [URGENT]
notice-bad-text = A notice needs text, at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
notice-time-past = The sending time must be in the future.
notice-too-late = This notice has all gone out and can no longer be withdrawn.
notice-progress = Notice #{ $id }: { $recipients ->
        [one] { $recipients } person
       *[other] { $recipients } people
    }, { $sent } delivered, { $waiting } waiting, { $failed } failed.
notice-report-title = Your notice has gone out:

topic-events = Events
topic-market = Market
topic-outage = Water and power cuts
topic-policy = Policy
topic-health = Health
topic-other = Other

notice-ask-text = A notice to { $community }. Type the text (at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }):
notice-ask-topic = Which topic?
notice-ask-urgent = Is it urgent? (Urgent notices reach everyone, even at night and when muted.)
notice-normal = Normal
notice-urgent = Urgent (safety)
notice-ask-audience = Who should get it?
notice-to-community = The whole community
notice-to-place = One compound or building
notice-to-staff = Community staff
notice-to-operators = Unit contacts
notice-ask-place = Choose the compound or building:
notice-ask-when = When should it go?
notice-now = Now (can be withdrawn for 15 seconds)
notice-later = At a set time
notice-ask-time = Type the time, e.g. 12-05 09:00 or tomorrow 8:30
notice-when-now = now
notice-summary = Topic: { $topic }; to: { $audience }, { $count ->
        [one] { $count } person
       *[other] { $count } people
    }; when: { $when }. The text:
notice-no-building = { $count ->
        [one] { $count } resident of the community has not set a building and will not get this notice.
       *[other] { $count } residents of the community have not set a building and will not get this notice.
    }
notice-remind-building = { $count ->
        [one] Remind this { $count } resident to set a building
       *[other] Remind these { $count } residents to set a building
    }
notice-reminded-building = { $count ->
        [one] { $count } resident was reminded to set a building (in quiet hours: in the morning).
       *[other] { $count } residents were reminded to set a building (in quiet hours: in the morning).
    }
place-reminder = A reminder from { $community }: please choose your compound and building, so that notices for your building (such as a water cut) reach you.
place-reminder-choose = Choose compound/building
notice-send = Send it
notice-state = Notice #{ $id }: { $status }
notice-withdraw = Withdraw
notice-refresh = Refresh
notice-withdrawn = Notice #{ $id } is withdrawn and will not go out.
notice-withdrawn-held = Notice #{ $id } is withdrawn: { $stopped ->
        [one] { $stopped } message not yet sent was stopped
       *[other] { $stopped } messages not yet sent were stopped
    }; { $sent ->
        [one] { $sent } person had already received it.
       *[other] { $sent } people had already received it.
    }
notice-status-scheduled = waiting to go
notice-status-sending = going out
notice-status-sent = sent
notice-status-cancelled = withdrawn
notice-list-title = Recent notices { $buttons ->
        [tap] (tap one to see progress):
       *[number] (reply with a number to see progress):
    }
notice-line = { $when } { $status } { $text }
notice-none = No notices yet.

topics-title = Choose the topics you want notices about. Tap one to turn it on or off. Urgent notices always come.
topic-on = ✓ { $topic }
topic-muted = ✗ { $topic } (muted)
topics-changed = Changed.

quiet-hours = Quiet hours: { $start }–{ $end } (normal notices wait until they end)
quiet-off = Quiet hours: off
quiet-ask = Type your quiet hours, e.g. 22:00-07:00, or "off".
notice-image-needs-text = Got the picture. Now type a line of text for the notice:
