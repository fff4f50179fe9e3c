## Telegram: the command menu, groups

tg-cmd-start = Main menu
tg-cmd-mine = My bookings
tg-cmd-lang = 语言 Language
tg-cmd-cancel = Stop what you are doing
tg-group-pointer = Please talk to me in a private chat: tap my picture, then "Send message".{ $bot ->
    [none] {""}
   *[other] {" "}@{ $bot }
}
tg-cannot-connect = Cannot reach Telegram ({ $url }): { $reason }
