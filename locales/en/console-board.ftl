# The public board of a community (no sign-in), and how chat and the WeChat menu link to it.
console-board-keywords = board | notice board | public board
console-board-chat-link =
    { $community }'s public board: proposals, the fund's ledger, market draws and coming events, open to anyone without signing in.
    { $url }
console-board-chat-no-link = { $community }'s public board is not on the web yet. Proposals, markets and events are in the menu.
console-board-wechat-menu = Public board
