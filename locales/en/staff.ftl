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
staff-people = People and roles
staff-people-title = People with a role here ({ $count }). Choose one to take the role back:
staff-person-staff = { $name } · community staff
staff-person-operator = { $name } · unit contact ({ $unit })
staff-person-gone = This role has already been taken back.
staff-revoke-ask = Once taken back, this person can no longer use any staff tool.
staff-revoke = Take the role back
staff-revoked = Done. They will be told.
