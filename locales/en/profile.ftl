## First contact, profile, language, invite codes, roles

onboarding-welcome = Hello! Welcome to Linli, your community's service.
onboarding-pick-community = Which community do you live in{ $buttons ->
        [tap] ?
       *[number] ? Reply with a number:
    }
onboarding-pick-hint = { $buttons ->
        [tap] Please tap your community.
       *[number] Please reply with the number of your community.
    }
onboarding-switch-language = 中文
onboarding-ask-place = Which compound and building do you live in? With it, you get the notices for your building (such as a water cut). You may choose Skip.
onboarding-skip = Skip
onboarding-place-skipped = All right, not now. You can choose your compound and building later in My profile.

profile-card = My profile
    Community: { $community }
    Compound/building: { $building }
    Language: { $language }
profile-role-line = Role: { $role } in { $community } { $unit }
profile-not-set = not set
profile-change-community = Change community
profile-change-building = Choose compound/building
profile-change-language = 语言 Language
profile-enter-invite = Enter an invite code
profile-pick-community = Choose a community:
profile-pick-compound = Choose your compound:
profile-pick-building = Choose your building:
profile-no-places = This community has no compounds or buildings listed yet.
profile-community-set = Done. Your community is { $community }.
profile-building-set = Saved: { $building }.
profile-language-ask = 请选择语言 / Choose a language:
profile-language-set = Done. I will talk to you in English.

lang-name-zh = 中文
lang-name-en = English

invite-ask = Please type the invite code the staff gave you:
invite-usage = Send it like this: /join CODE
invite-invalid = That invite code is not right. Please check it and try again.
invite-expired = That invite code has expired. Please ask the staff for a new one.
invite-used-up = That invite code has already been used. Please ask the staff for a new one.

role-staff = community staff
role-operator = unit contact
role-granted-staff = You are now staff of { $community }. Find "Community office" in the main menu.
role-granted-operator = You are now the contact for { $unit } ({ $community }).
profile-topics = Notice topics
role-revoked = Your role ({ $role }) in { $community } has been taken back. Ask the community office if you have questions.
onboarding-place-set = Your community is { $community }, and you live in { $building }. You can change this in My profile.
