## 关联账号：同一个人在微信和 Telegram 上用同一份资料

link-channel-telegram = Telegram
link-channel-wechat = 微信
link-channel-other = 终端
profile-link = 关联其他账号
link-intro = 您如果同时用微信和 Telegram，可以把两个账号关联起来：预约、金点子、申请和身份合在一起，消息只发到您选的一边。
    先在一边点“获取关联码”，再到另一边点“输入关联码”。
link-get-code = 获取关联码
link-enter-code = 输入关联码
link-code = 您的关联码：{ $code }
    请在{ $minutes }分钟内，到另一个应用里发送：/link { $code }
    （或在“我的资料”→“关联其他账号”→“输入关联码”里输入）
link-enter-ask = 请输入另一个应用里显示的 6 位关联码：
link-code-format = 关联码是 6 位数字，请核对后再输入。
link-code-wrong = 关联码不对或已过期。请核对，或在另一个应用里重新获取。
link-too-many = 输错次数太多了。为了安全，请{ $minutes }分钟后再试。
link-own-code = 这是本账号自己的关联码。请到另一个应用里输入它。
link-same-channel = 两个账号都在同一个应用里，不能关联。
link-already-same = 这两个账号已经关联好了。
link-already-linked = 账号已经关联了其他账号。要换的话，请先在“关联其他账号”里解除关联。
link-linked = 关联成功！这个账号和您的{ $channel }账号现在是同一份资料。
link-linked-other = 您的{ $channel }账号已和这个账号关联，资料合在一起了。
link-status = 已关联：{ $channel }账号。
    消息发到：{ $push }
link-push-to = 以后消息发到{ $channel }
link-push-set = 好的，以后消息发到{ $channel }。
link-unlink = 解除关联
link-unlink-confirm = 确定要解除关联吗？预约、金点子等都留在原来的账号里，另一个账号要重新开始。
link-unlink-yes = 确定解除
link-unlink-no = 不解除
link-unlink-kept = 好的，没有解除。
link-unlinked = 已解除和{ $channel }账号的关联。
link-unlinked-other = 您的{ $channel }账号已解除和这个账号的关联。
link-fresh = 这个账号重新开始：发任意消息，选择您的社区。
link-not-linked = 这个账号没有关联其他账号。
audit-account-link = 关联了两个账号
audit-account-unlink = 解除了账号关联
