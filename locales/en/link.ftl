## Linked accounts: one person on WeChat and Telegram with one profile

link-channel-telegram = Telegram
link-channel-wechat = WeChat
link-channel-other = terminal
profile-link = Link another account
link-intro = If you use both WeChat and Telegram, you can link the two accounts: bookings, ideas, applications and roles are kept together, and messages go only to the app you choose.
    First tap "Get a link code" in one app, then "Enter a link code" in the other.
link-get-code = Get a link code
link-enter-code = Enter a link code
link-code = Your link code: { $code }
    Within { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, send this in the other app: /link { $code }
    (or enter it under "My profile" → "Link another account" → "Enter a link code")
link-enter-ask = Please type the 6-digit code shown in the other app:
link-code-format = A link code has 6 digits. Please check it and type it again.
link-code-wrong = That code is wrong or has expired. Please check it, or get a new one in the other app.
link-too-many = Too many wrong codes. To keep your account safe, please try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
link-own-code = That is this account's own code. Please type it in the other app.
link-same-channel = Both accounts are in the same app; they cannot be linked.
link-already-same = These two accounts are already linked.
link-already-linked = This account is already linked to another one. To change it, first unlink under "Link another account".
link-linked = Linked! This account and your { $channel } account now share one profile.
link-linked-other = Your { $channel } account is now linked with this one; your profile is shared.
link-status = Linked: your { $channel } account.
    Messages go to: { $push }
link-push-to = Send messages to { $channel } from now on
link-push-set = Done. Messages go to { $channel } from now on.
link-unlink = Unlink
link-unlink-confirm = Unlink the two accounts? Bookings, ideas and the rest stay with the first account; the other one starts again.
link-unlink-yes = Yes, unlink
link-unlink-no = No, keep them
link-unlink-kept = Done. Nothing was changed.
link-unlinked = Unlinked from your { $channel } account.
link-unlinked-other = Your { $channel } account was unlinked from this one.
link-fresh = This account starts again: send any message to choose your community.
link-not-linked = This account is not linked to another one.
audit-account-link = linked two accounts
audit-account-unlink = unlinked two accounts
