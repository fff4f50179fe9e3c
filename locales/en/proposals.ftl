## Proposals (金点子): collect, deliberate, decide, supervise

idea-state-collecting = collecting support
idea-state-pending = waiting for the council
idea-state-scheduled = on a council meeting
idea-state-adopted = adopted, in progress
idea-state-done = done
idea-state-declined = declined
idea-state-lapsed = not enough support
idea-state-merged = merged
idea-not-now = That cannot be done now: this proposal is "{ $state }".
idea-changed = News on the proposal "{ $title }": { $state }.
idea-bad-text = The title may have up to { $title } characters and the text up to { $text }; neither may be empty.
idea-too-many = You already have { $limit ->
        [one] { $limit } proposal
       *[other] { $limit } proposals
    } collecting support; wait for them first.
idea-too-fast = That was very quick. Please try again in a minute.
idea-own = You cannot support or report your own proposal.
idea-staff-pending = The proposal "{ $title }" has { $count ->
        [one] { $count } supporter
       *[other] { $count } supporters
    } and waits for a council meeting.
idea-lapsed = Your proposal "{ $title }" closed with { $count ->
        [one] { $count } supporter
       *[other] { $count } supporters
    }, short of { $threshold }. Thank you for it!
idea-bad-meeting = The meeting needs a future time and a place.
idea-meeting = The proposal "{ $title }" will be discussed at the council: { $when }, { $place }. All welcome.
idea-meeting-reminder = Reminder: the council meeting on "{ $title }" is at { $when }, { $place }.
idea-adopted = Good news! The proposal "{ $title }" is adopted; { $carrier } carries it out.
idea-reason-needed = Please give the reason; everyone will see it.
idea-declined = The proposal "{ $title }" was declined: { $reason }
idea-bad-merge = A proposal can only be merged into another open one of the same community.
idea-merged = The proposal "{ $title }" was merged into "{ $into }" (#{ $id }); your support moved with it.
idea-bad-progress = Progress must be from { $now }% to 100%, with a line of text.
idea-progress = Proposal "{ $title }": { $percent }% — { $text }
idea-rate-ask = The proposal "{ $title }" is done. How satisfied are you? (1 not at all, 5 very):
idea-staff-reported = The proposal "{ $title }" (#{ $id }) was reported by several people and is hidden until you look.
idea-hidden = Your proposal "{ $title }" was hidden: { $reason }
idea-shown = Your proposal "{ $title }" is shown again: { $reason }

ideas-home = Proposals: ideas for the community. Neighbours support them, the council discusses them, and adopted ones report progress.
ideas-new = Make a proposal
ideas-collecting = Collecting support
ideas-deliberating = Waiting for or at the council
ideas-adopted = Adopted
ideas-all = All
ideas-by-category = By category
ideas-mine = My proposals
ideas-supported = Ones I support
ideas-figures = Public figures
ideas-figure-line = { $state }: { $count }
ideas-figures-text = Adopted: { $community } by the community, { $street } by the street, { $district } by the district.
ideas-pick-category = Choose a category:
ideas-none = No proposals like that yet.
ideas-list-title = { $count } found. { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number:
    }
ideas-line = { $title } ({ $state }, { $supports ->
        [one] { $supports } supporter
       *[other] { $supports } supporters
    })
idea-card = [#{ $id } { $title }] { $state } · { $category } · { $level }
idea-support-count = Support: { $supports } of { $threshold }, { $days ->
        [one] { $days } day
       *[other] { $days } days
    } left
idea-timeline-line = { $when } { $what } { $text }
idea-merged-into = Merged into "{ $title }" (#{ $id }): support and progress continue there.
idea-step-summary = council notes
idea-step-progress = progress
idea-step-hidden = hidden
idea-step-shown = shown again
idea-support = Support it
idea-supported = Thank you for your support! You will hear of any progress.
idea-report = Report it
idea-open-merged = Open #{ $id }: { $title }
idea-reported = Reported; staff will look at it.
idea-do-meeting = Put it on a council meeting
idea-do-summary = Record the discussion
idea-do-adopt = Adopt it
idea-do-decline = Decline it
idea-do-merge = Merge into another
idea-do-progress = Post progress
idea-hide = Hide it
idea-restore = Show it again
idea-ask-meeting = Type the meeting's time and place, e.g. 12-05 19:00 community hall
idea-ask-summary = Type a short summary of the discussion:
idea-ask-reason = Type the reason (everyone will see it):
idea-ask-merge = Merge into which proposal? Type its number, e.g. #12
idea-ask-progress = Type the progress and a line, e.g. 60 road surface laid
idea-ask-carrier = Who carries it out?
idea-done-staff = Done. Everyone following it is told.
idea-ask-title = Give your proposal a one-line title (at most { $limit } characters):
idea-ask-text = Say more: where, what the problem is, what should change (at most { $limit } characters; a picture may come with it):
idea-ask-level = How wide is it?
idea-similar = Similar proposals exist; supporting one may be quicker:
idea-support-instead = Support: { $title }
idea-submit-anyway = Mine is different: submit it
idea-confirm = Submit: { $title } ({ $category } · { $level })
idea-publish = Submit
idea-published = Published as #{ $id }. With { $threshold ->
        [one] { $threshold } supporter
       *[other] { $threshold } supporters
    } within { $days ->
        [one] { $days } day
       *[other] { $days } days
    } it goes to the council.
idea-rated = Thank you for your rating: { $score }.
idea-rate = Rate the result
idea-bad-threshold = The number of supporters must be from 1 to 10000.
idea-threshold-set = Proposals in { $community } now need { $supports ->
        [one] { $supports } supporter
       *[other] { $supports } supporters
    } to reach the council.
idea-meeting-not-yet = The council meets at { $when }: record its outcome or decide only after the meeting.
ideas-no-ratings = No ratings yet.
ideas-satisfaction = { $ratings ->
    [one] 1 rating
   *[other] { $ratings } ratings
}, { $rate }% satisfied.
ideas-review = Proposals to review ({ $count })
idea-keep-hidden = Keep hidden (give a reason)
idea-hidden-by-reports = Your proposal "{ $title }" was reported by several residents and is hidden for now. Staff will review it and tell you.

