## Proposals (金点子): collect, deliberate, decide, supervise

proposal-state-collecting = collecting support
proposal-state-pending = waiting for the council
proposal-state-scheduled = on a council meeting
proposal-state-adopted = adopted, in progress
proposal-state-done = done
proposal-state-declined = declined
proposal-state-lapsed = not enough support
proposal-state-merged = merged
proposal-not-now = That cannot be done now: this proposal is "{ $state }".
proposal-changed = News on the proposal "{ $title }": { $state }.
proposal-bad-text = The title may have up to { $title ->
        [one] { $title } character
       *[other] { $title } characters
    } and the text up to { $text }; neither may be empty.
proposal-too-many = You already have { $limit ->
        [one] { $limit } proposal
       *[other] { $limit } proposals
    } collecting support; wait for them first.
proposal-too-fast = That was very quick. Please try again in a minute.
proposal-own = You cannot support or report your own proposal.
proposal-staff-pending = The proposal "{ $title }" has { $count ->
        [one] { $count } supporter
       *[other] { $count } supporters
    } and waits for a council meeting.
proposal-lapsed = Your proposal "{ $title }" closed with { $count ->
        [one] { $count } supporter
       *[other] { $count } supporters
    }, short of { $threshold }. Thank you for it!
proposal-bad-meeting = The meeting needs a future time and a place.
proposal-meeting = The proposal "{ $title }" will be discussed at the council: { $when }, { $place }. All welcome.
proposal-meeting-reminder = Reminder: the council meeting on "{ $title }" is at { $when }, { $place }.
proposal-adopted = Good news! The proposal "{ $title }" is adopted; { $carrier } carries it out.
proposal-reason-needed = Please give the reason; everyone will see it.
proposal-declined = The proposal "{ $title }" was declined: { $reason }
proposal-bad-merge = A proposal can only be merged into another open one of the same community.
proposal-merged = The proposal "{ $title }" was merged into "{ $into }" (#{ $id }); your support moved with it.
proposal-bad-progress = Progress must be from { $now }% to 100%, with a line of text.
proposal-progress = Proposal "{ $title }": { $percent }% — { $text }
proposal-rate-ask = The proposal "{ $title }" is done. How satisfied are you? (1 not at all, 5 very):
proposal-staff-reported = The proposal "{ $title }" (#{ $id }) was reported by several people and is hidden until you look.
proposal-hidden = Your proposal "{ $title }" was hidden: { $reason }
proposal-shown = Your proposal "{ $title }" is shown again: { $reason }

proposals-home = Proposals: ideas for the community. Neighbours support them, the council discusses them, and adopted ones report progress.
proposals-new = Make a proposal
proposals-collecting = Collecting support
proposals-deliberating = Waiting for or at the council
proposals-adopted = Adopted
proposals-all = All
proposals-by-category = By category
proposals-mine = My proposals
proposals-supported = Ones I support
proposals-figures = Public figures
proposals-figure-line = { $state }: { $count }
proposals-figures-text = Adopted: { $community } by the community, { $street } by the street, { $district } by the district.
proposals-pick-category = Choose a category:
proposals-none = No proposals like that yet.
proposals-list-title = { $count } found. { $buttons ->
        [tap] Tap one to see it:
       *[number] Reply with a number:
    }
proposals-line = { $title } ({ $state }, { $supports ->
        [one] { $supports } supporter
       *[other] { $supports } supporters
    })
proposal-card = [#{ $id } { $title }] { $state } · { $category } · { $level }
proposal-support-count = Support: { $supports } of { $threshold }, { $days ->
        [one] { $days } day
       *[other] { $days } days
    } left
proposal-timeline-line = { $when } { $what } { $text }
proposal-merged-into = Merged into "{ $title }" (#{ $id }): support and progress continue there.
proposal-step-summary = council notes
proposal-step-progress = progress
proposal-step-hidden = hidden
proposal-step-shown = shown again
proposal-support = Support it
proposal-supported = Thank you for your support! You will hear of any progress.
proposal-report = Report it
proposal-open-merged = Open #{ $id }: { $title }
proposal-reported = Reported; staff will look at it.
proposal-do-meeting = Put it on a council meeting
proposal-do-summary = Record the discussion
proposal-do-adopt = Adopt it
proposal-do-decline = Decline it
proposal-do-merge = Merge into another
proposal-do-progress = Post progress
proposal-hide = Hide it
proposal-restore = Show it again
proposal-ask-meeting = Type the meeting's time and place, e.g. 12-05 19:00 community hall
proposal-ask-summary = Type a short summary of the discussion:
proposal-ask-reason = Type the reason (everyone will see it):
proposal-ask-merge = Merge into which proposal? Type its number, e.g. #12
proposal-ask-progress = Type the progress and a line, e.g. 60 road surface laid
proposal-ask-carrier = Who carries it out?
proposal-done-staff = Done. Everyone following it is told.
proposal-ask-title = Give your proposal a one-line title (at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }):
proposal-ask-text = Say more: where, what the problem is, what should change (at most { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }; a picture may come with it):
proposal-ask-level = How wide is it?
proposal-similar = Similar proposals exist; supporting one may be quicker:
proposal-support-instead = Support: { $title }
proposal-submit-anyway = Mine is different: submit it
proposal-confirm = Submit: { $title } ({ $category } · { $level })
proposal-publish = Submit
proposal-published = Published as #{ $id }. With { $threshold ->
        [one] { $threshold } supporter
       *[other] { $threshold } supporters
    } within { $days ->
        [one] { $days } day
       *[other] { $days } days
    } it goes to the council.
proposal-rated = Thank you for your rating: { $score }.
proposal-rate = Rate the result
proposal-bad-threshold = The number of supporters must be from 1 to 10000.
proposal-threshold-set = Proposals in { $community } now need { $supports ->
        [one] { $supports } supporter
       *[other] { $supports } supporters
    } to reach the council.
proposal-meeting-not-yet = The council meets at { $when }: record its outcome or decide only after the meeting.
proposals-no-ratings = No ratings yet.
proposals-satisfaction = { $ratings ->
    [one] 1 rating
   *[other] { $ratings } ratings
}, { $rate }% satisfied.
proposals-review = Proposals to review ({ $count })
proposal-keep-hidden = Keep hidden (give a reason)
proposal-hidden-by-reports = Your proposal "{ $title }" was reported by several residents and is hidden for now. Staff will review it and tell you.

