## WeChat Official Account: the custom menu, QR codes, pictures and voice, templates

wechat-menu-places = Facilities
wechat-menu-find = Find and book
wechat-menu-together = Together
wechat-menu-me = Me
wechat-menu-main = Main menu
wechat-menu-ok = The menu keeps every WeChat limit.
wechat-menu-bad-file = Cannot read the menu file { $file }: { $reason }
wechat-menu-no-buttons = The menu has no buttons ("button" must be a list of 1 to 3 buttons).
wechat-menu-too-many-top = { $count ->
        [one] { $count } top-level button
       *[other] { $count } top-level buttons
    }; WeChat allows { $limit }.
wechat-menu-not-a-button = Button { $button } is not a button object.
wechat-menu-sub-count = Button { $button } has { $count ->
        [one] { $count } sub-button
       *[other] { $count } sub-buttons
    }; 1 to { $limit } allowed.
wechat-menu-no-name = Button { $button } has no name.
wechat-menu-long-name = Button { $button } "{ $name }" is { $size ->
        [one] { $size } byte
       *[other] { $size } bytes
    } long; WeChat allows { $limit }.
wechat-menu-bad-type = Button { $button } "{ $name }" has a type WeChat does not know: "{ $type }".
wechat-menu-bad-url = Button { $button } "{ $name }" has no URL or one over { $limit ->
        [one] { $limit } byte
       *[other] { $limit } bytes
    }.
wechat-menu-bad-key = Button { $button } "{ $name }" has no key or one over { $limit ->
        [one] { $limit } byte
       *[other] { $limit } bytes
    }.
wechat-template-choices = Reply "options" to choose
wechat-qrcode-no-place = No such community or building: { $scene } (codes are in communities.yaml).
wechat-qrcode-one-of = Give either --community (a place code) or --household (a household invite code).
wechat-qrcode-made = QR code made ({ $scene }).
    ticket: { $ticket }
    picture: { $image }
    content: { $url }
wechat-menu-office = Office
wechat-menu-notice = Send a notice
wechat-menu-staff-done = { $count ->
        [one] { $count } staff member has their own menu.
       *[other] { $count } staff members have their own menu.
    } Run linli wechat menu --staff again after granting new ones.
wechat-qrcode-too-long = The scene { $scene } is too long (WeChat allows { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }); use shorter codes.
