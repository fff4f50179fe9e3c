# Council meetings: one meeting has several items (proposals).
meeting-status-scheduled = to come
meeting-status-held = held
meeting-status-cancelled = cancelled
meeting-closed = This council meeting is { $status }: it cannot be changed.
meeting-begun = The meeting has begun: no more items can be added.
meeting-only-pending = Only proposals waiting for a meeting can go on one; this one is "{ $state }".
meeting-agenda-full = A meeting has at most { $limit ->
        [one] { $limit } item
       *[other] { $limit } items
    }.
meeting-bad-order = The order of the items is not right; reload and try again.
meeting-same = Neither the time nor the place has changed.
meeting-bad-attendance = The number present must be 0 to { $most }, the list at most { $length ->
        [one] { $length } character
       *[other] { $length } characters
    }.
meeting-fewer-than-votes = The number present cannot be less than the votes cast ({ $votes }).
meeting-bad-votes = Each vote count must be 0 to { $most }.
meeting-more-votes-than-people = The votes together cannot be more than the people present ({ $count }).
meeting-carrier-needed = To adopt it, choose who carries it out: the community, the street or the district.
meeting-moved = The council meeting has moved from { $was } to { $when }, { $place }. The items you follow:
meeting-cancelled = The council meeting of { $when } is cancelled. These proposals wait for another meeting:
meeting-item-line = · "{ $title }"
meeting-removed = The proposal "{ $title }" is no longer on the council meeting of { $when }; it waits for another one.
meeting-deferred = The council deferred the proposal "{ $title }"; it waits for a later meeting.
meeting-step-moved = meeting moved
meeting-ask = Which council meeting? Pick one below, or type a new time and place, e.g. 12-05 19:00 community hall
meeting-choice = { $when } { $place } ({ $count ->
        [one] { $count } item
       *[other] { $count } items
    })
meeting-too-far = A council meeting can be planned at most a year ahead.
