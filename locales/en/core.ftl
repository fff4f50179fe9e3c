## The conversation: menu, navigation, hints

raw = { $text }

menu-title = { $community } · Main menu. { $buttons ->
        [tap] Tap a choice:
       *[number] Reply with a number:
    }
menu-facilities = Shared facilities
menu-mine = My bookings
menu-profile = My profile
menu-manage = Manage facilities
menu-staff = Community office
# Typed alone at the menu or at any choice, these open that screen ("|" between words;
# the words of every language are understood).
keywords-bookable = book | booking
keywords-now = open now
keywords-weekend = weekend | this weekend
keywords-proposals = proposals | ideas
keywords-market = market
keywords-mine = my bookings | mine

nav-back = Back
nav-cancel = Stop, main menu
nav-cancelled = OK, stopped.
# Typing "cancel" still leaves a flow, but must not read as a cancelled booking.
nav-cancelled-word = OK, stopped. That only left this step: nothing was cancelled.
# Asked once before a booking is cancelled or an application withdrawn.
confirm-cancel-yes = Yes, cancel it
confirm-cancel-no = No, keep it
nav-prev-page = Previous page
nav-next-page = Next page
list-page = Page { $page } of { $pages }

hint-unknown = Sorry, I did not understand. { $buttons ->
        [tap] Tap a button below,
       *[number] Reply with a number,
    } or send "menu".
hint-pick-number = Please reply with a number from 1 to { $max }.
hint-stale-button = This button has expired. Please use the latest choices below.
hint-use-buttons = { $buttons ->
        [tap] Please tap a button below.
       *[number] Please reply with the number of a choice below.
    }
hint-type-text = Words are needed here. Please type, or reply with a number.
hint-no-pushed-choices = No recent message is waiting for your choice.
hint-image-again = The picture did not come through. Please send it again.
conversation-expired = Your last step was left too long, so it has ended.

error-generic = That did not work. Please try again.
error-internal = Sorry, something went wrong on our side. Please try again later.
error-busy = Too many people are using the service right now; that did not go through. Please send it again in a moment.
error-not-allowed = Sorry, you are not allowed to do that.
error-not-in-community = This is only for residents of this community.
error-unknown-community = That community was not found. Please pick one from the list.
error-not-found = Not found; it may have changed. Please choose again.
error-already-done = That has already been done.
attachment-saved = Attachment: { $name } (saved to { $path })
menu-events = Events
image-not-shown = (A picture is attached; it cannot be shown here.)
wechat-choice = Reply { $number }: { $label }
wechat-menu-done = The account's menu is updated.
wechat-not-configured = Set LINLI_WECHAT_TOKEN, LINLI_WECHAT_APPID and LINLI_WECHAT_SECRET first.
wechat-failed = The WeChat API said: { $reason }
menu-proposals = Proposals
menu-market = Market
wechat-no-files = (Files cannot be sent here; see them on another channel.)
