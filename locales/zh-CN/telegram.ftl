## Telegram：命令菜单、群聊

tg-cmd-start = 主菜单
tg-cmd-mine = 我的预约
tg-cmd-lang = 语言 Language
tg-cmd-cancel = 不办了，回主菜单
tg-group-pointer = 请私聊我使用：点我的头像，再点“发消息”。{ $bot ->
    [none] {""}
   *[other] @{ $bot }
}
tg-cannot-connect = 连不上 Telegram（{ $url }）：{ $reason }
