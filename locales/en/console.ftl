## The staff web console: signing in from chat, the frame of every page, the work list.

staff-console = Web console
console-link = Your sign-in link to the web console (works once, for { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }):
    { $url }
    Open it in a browser on a computer or phone. Don't pass it on.
console-link-staff-only = The web console is for community staff and facility operators.
console-link-off = The web console is not switched on; please ask the administrator.

console-brand = Linli desk
console-skip = Skip to content
console-communities = Communities
console-menu = Sections
console-sign-out = Sign out
console-yuan = yuan

console-signin-title = Sign in to the desk
console-signin-intro = Press the button to sign in. This link works only once.
console-signin-button = Sign in
console-link-gone-title = This link no longer works
console-link-gone = This link was used already or has expired. Send /console in chat for a new one.
console-signed-out-title = Please sign in
console-signed-out = You are not signed in, or your session has ended. Send /console in chat for a sign-in link.
console-role-ended-title = Signed out
console-role-ended = Your staff role was taken back, so you have been signed out.
console-csrf-title = Not saved
console-csrf = This form had expired and was not saved. Go back, reload the page and try again.
console-forbidden-title = Not allowed
console-forbidden = You have no role for this community or facility.
console-not-found-title = Not found
console-not-found = This page does not exist.
console-too-big-title = Too large
console-too-big = What you sent is too large; nothing was saved.
console-refused-title = Not done
console-bye = You are signed out. See you again.

console-nav-todo = To do
console-todo-title = To do · { $community }
console-todo-empty = Nothing is waiting right now.
console-todo-to-schedule = Proposals waiting for a council meeting
console-todo-to-review = Reported proposals, hidden until reviewed
console-todo-requests = Facility requests to decide
console-todo-applications = Stall applications to decide
console-todo-no-shows = Vendors who missed a market (last 30 days)
console-todo-spending = Fund spending waiting for a second signature
console-todo-notices = Notices being sent
console-todo-what = What
console-todo-waited = Waiting
console-todo-delivery = Delivery
console-todo-days = { $days ->
    [0] today
    [one] 1 day
   *[other] { $days } days
}
console-todo-reports = { $count ->
    [one] 1 report
   *[other] { $count } reports
}
console-todo-needs-other = needs another person
console-todo-progress = { $sent } delivered, { $waiting } waiting, { $failed } failed
console-off-cli = The web console is switched off (LINLI_CONSOLE_ENABLED=false).
console-serving = Web console at { $url }/console (Ctrl-C stops it). Staff get a sign-in link by sending /console in chat.
console-digest = To do ({ $community }): these have waited { $days ->
        [one] 1 day
       *[other] { $days } days
    } or more.
console-digest-line = { $what }: { $count }
console-digest-open = Send /console for a sign-in link to the web console.
mydata-section-console-links = Web console sign-in links
mydata-section-console-sessions = Web console sign-ins
mydata-console-session = signed in { $when }, until { $until }
