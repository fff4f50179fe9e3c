## Community office (staff)

staff-home = Community office
staff-acting = Acting for: { $community }
staff-switch = Switch to { $community }
staff-switched = Switched: you now act for { $community }.
staff-make-invite = Make an invite code
staff-audit = Action log
staff-audit-empty = No actions recorded yet.
staff-audit-no-match = No recorded actions match.
staff-audit-title = The last { $count ->
        [one] { $count } action
       *[other] { $count } actions
    }:
staff-audit-line = { $when } { $actor } { $action } { $target }
staff-audit-ask-day = One day only: send a date such as 12-01; several: 11-28 to 12-01.
staff-audit-bad-day = That date was not clear. Send 12-01, or 11-28 to 12-01.
staff-audit-day = Date: { $day }
staff-audit-days = Dates: { $first } to { $last }
staff-audit-by = Done by: { $person }
staff-audit-person = By person
staff-audit-pick-person = Whose actions?
staff-audit-all = Show all
staff-audit-export = Export as a table
staff-audit-exported = Exported { $count ->
        [one] { $count } action
       *[other] { $count } actions
    }.
audit-csv-when = Time
audit-csv-actor = Done by
audit-csv-action = Action
audit-csv-target = Subject
audit-csv-reason = Reason
staff-invite-role = Which role should the code give?
staff-invite-unit = Which unit will this contact look after?
staff-no-units = No unit shares facilities with this community yet.
staff-invite-made = Invite code: { $code }
    Give it to the person. It works once, for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. They send /join { $code }.
staff-notice = Send a notice
staff-notices = Sent notices
staff-new-event = New event
staff-new-market = New market
staff-proposals = Ideas (review, decide)
staff-market = Markets (attendance, applications)
staff-fund = Community fund (entries, export)
staff-events = Events (who is coming)
staff-people = People and roles
staff-people-title = People with a role here ({ $count }). Choose one to take the role back:
staff-person-staff = { $name } · community staff
staff-person-operator = { $name } · unit contact ({ $unit })
staff-person-gone = This role has already been taken back.
staff-revoke-ask = Once taken back, this person can no longer use any staff tool.
staff-revoke = Take the role back
staff-revoked = Done. They will be told.
audit-event-create = created an event
audit-facilities-import = imported the directory
audit-facility-close = closed a facility
audit-facility-hours = changed hours
audit-facility-open = added an opening
audit-fund-approve = signed fund spending
audit-fund-decline = turned down fund spending
audit-fund-entry = added a fund line
audit-fund-propose = proposed fund spending
audit-invite-create = made an invite code
audit-market-approve = approved a stall from the waitlist
audit-market-attendance = recorded attendance
audit-market-create = created a market
audit-market-draw = drew a market lottery
audit-market-pardon = lifted a vendor's bar
audit-market-reject = turned down a stall
audit-notice-cancel = withdrew a notice
audit-notice-create = sent a notice
audit-proposal-adopt = adopted a proposal
audit-proposal-decline = declined a proposal
audit-proposal-hide = hid a proposal
audit-proposal-merge = merged a proposal
audit-proposal-progress = posted progress
audit-proposal-schedule = put a proposal on a meeting
audit-proposal-show = restored a proposal
audit-proposal-summary = recorded a meeting's outcome
audit-proposal-threshold = set the support threshold
audit-role-grant = gave a role
audit-role-revoke = took a role back
audit-actor-cli = command line (admin)
audit-actor-system = the system
audit-actor-reports = residents' reports
audit-actor-invite = an invite code
