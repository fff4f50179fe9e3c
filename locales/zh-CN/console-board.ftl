# 公示栏: the public board of a 社区 (no sign-in), and how chat and the WeChat menu link to it.
console-board-keywords = 公示栏 | 公示
console-board-chat-link =
    { $community }公示栏：金点子进展、基金账本、集市抽签和近期活动，谁都能看，不用登录。
    { $url }
console-board-chat-no-link = { $community }的公示栏网页还没有开通。金点子、集市和活动可以在菜单里看。
console-board-wechat-menu = 公示栏
