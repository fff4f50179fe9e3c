## Community office (staff)

staff-home = Community office · { $community }
staff-make-invite = Make an invite code
staff-audit = Recent actions
staff-audit-empty = No actions recorded yet.
staff-audit-title = The last { $count ->
        [one] { $count } action
       *[other] { $count } actions
    }:
staff-audit-line = { $when } { $actor } { $action } { $target }
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
