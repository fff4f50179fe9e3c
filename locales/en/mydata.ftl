## My data: see, export, correct, delete the account (PIPL)

mydata-menu = My data
mydata-intro = You can see, export and correct everything we keep about you, or delete your account.
mydata-see = See my data
mydata-export = Export as a file
mydata-correct = Correct
mydata-erase = Delete my account

mydata-heading = [{ $section }] { $count }
mydata-section-profile = Profile
mydata-section-accounts = Linked accounts
mydata-section-residency = Residency
mydata-section-desk = Registered at the desk
mydata-section-behalf = Consent to act for me
mydata-section-roles = Roles
mydata-section-bookings = Bookings
mydata-section-waitlist = Waitlist
mydata-section-draws = Draw entries
mydata-section-suspensions = Booking suspensions
mydata-section-requests = Facility requests
mydata-section-proposals = My proposals
mydata-section-supports = Proposals I support
mydata-section-ratings = My ratings
mydata-section-reports = My reports
mydata-section-market = Market stall applications
mydata-section-events = Event sign-ups
mydata-section-notices = Notices received
mydata-section-mutes = Messages turned off
mydata-section-fund = Fund requests
mydata-section-audit = Records about me
mydata-section-conversation = Conversation in progress
mydata-section-links = Download links

mydata-profile = Name: { $name }
    App: { $channel }
    Community: { $community }
    Compound/building: { $building }
    Language: { $language }
    Since: { $since }
    Notice agreed: { $consent }
mydata-account = { $channel } · since { $since }
mydata-desk = { $name } · { $room } · phone: { $phone } · registered { $since }
mydata-behalf = { $how } · from { $since } · withdrawn: { $until }
mydata-residency = { $community } · { $household } · { $status } · { $via } · { $when }
mydata-role = { $role } · { $community } · from { $since } · ended: { $until }
mydata-booking = { $facility } · { $when } · { $status } · { $code }
mydata-draw = Slot { $slot } · { $status } · { $when }
mydata-wait = Slot { $slot } · { $status } · { $when }
mydata-suspension = Until { $until } · { $reason }
mydata-request = { $purpose } · { $status } · { $when }
mydata-proposal = #{ $id } { $title } · { $status }
mydata-proposal-ref = Proposal #{ $id } · { $when }
mydata-rating = Proposal #{ $id }: { $score }
mydata-stall = { $day } · { $stall } · { $goods } · phone { $phone } · { $status }
mydata-event = { $event } · { $when } · { $status }
mydata-notice = { $when } · { $text }
mydata-mute = { $topic }
mydata-fund = #{ $id } { $purpose } · { $status }
mydata-audit = { $when } · { $actor } · { $action } · { $target }
mydata-conversation = { $flow }/{ $step } · cleared { $until }
mydata-link = Made { $when } · valid until { $until } · used: { $used }
mydata-csv-section = Section
mydata-csv-item = Item

mydata-exported = Exported: the file holds all your data (JSON).
mydata-summary-file = Also send an easy-to-read table
mydata-summary-sent = The easy-to-read table is sent.
mydata-no-files = WeChat cannot send files. You can read all your data here, page by page.
mydata-get-link = Get a one-time download link
mydata-link-ready = Download link (works once, for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }; do not forward it):
    { $url }

mydata-correct-intro = Your name comes from WeChat or Telegram and updates each time you write. Change your community, compound/building and language here:

mydata-erase-what = Deleting clears your name, phone, conversation and download links, and cancels { $bookings ->
        [one] { $bookings } booking
       *[other] { $bookings } bookings
    } still to come. Booking and fund records stay for the figures, no longer showing you.
mydata-erase-sure = Are you sure you want to delete it?
mydata-erase-yes = Yes, delete
mydata-erased = Your account is deleted; { $bookings ->
        [one] { $bookings } booking
       *[other] { $bookings } bookings
    } cancelled. Thank you for using Linli. Writing again starts afresh.

audit-privacy-erase = deleted an account
audit-privacy-export = exported personal data
audit-privacy-link = made a download link

cli-privacy-no-user = No user { $user } (write CHANNEL:ID, e.g. wechat:o6_bmjrP…).
cli-privacy-exported = Exported { $user }'s data to { $path }.
cli-privacy-confirm = Deleting an account cannot be undone. Add --yes to confirm.
cli-privacy-erased = Deleted { $user }'s account; { $bookings ->
        [one] { $bookings } booking
       *[other] { $bookings } bookings
    } cancelled.

export-link-gone = This link no longer works (it works once, within 24 hours). Get a new one in "My data".
export-link-intro = This is all your data kept by Linli. The link works once: it stops working after you download.
export-link-download = Download my data
