## 对话通用：菜单、导航、提示

raw = { $text }

menu-title = { $community } · 主菜单。{ $buttons ->
        [tap] 请点选：
       *[number] 请回复数字选择：
    }
menu-facilities = 社区之家（共享场地）
menu-mine = 我的预约
menu-profile = 我的资料
menu-manage = 场地管理
menu-staff = 社区管理
# 在主菜单或任何选择处单独打这些词，就去那一页（用 | 隔开；两种语言的词都认）。
keywords-bookable = 预约 | 订场地 | 预约场地
keywords-now = 现在开放
keywords-weekend = 周末 | 本周末
keywords-proposals = 金点子
keywords-market = 集市 | 睦邻集市
keywords-mine = 我的预约

nav-back = 返回上一步
nav-cancel = 不办了，回主菜单
nav-cancelled = 好的，不办了。
# 打字“取消”也能退出，但不能让人以为预约被取消了。
nav-cancelled-word = 好的，不办了。这只是退出了这一步，什么也没有取消。
# 取消预约、撤回申请之前问一次。
confirm-cancel-yes = 确定取消
confirm-cancel-no = 不取消
nav-prev-page = 上一页
nav-next-page = 下一页
list-page = 第{ $page }页，共{ $pages }页

hint-unknown = 没看懂您的意思。{ $buttons ->
        [tap] 请点下面的按钮，
       *[number] 请回复数字选择，
    }或发送“菜单”。
hint-pick-number = 请回复1到{ $max }之间的数字。
hint-stale-button = 这个按钮已过期，请用下面最新的选项。
hint-use-buttons = { $buttons ->
        [tap] 请点下面的按钮。
       *[number] 请回复下面选项前的数字。
    }
hint-type-text = 这里需要文字。请输入文字或回复数字。
hint-no-pushed-choices = 最近没有需要您选择的消息。
hint-image-again = 图片没有收到，请再发一次。
conversation-expired = 上次的操作太久没有继续，已经结束了。

error-generic = 没能办成，请再试一次。
error-internal = 抱歉，系统出了点问题，请稍后再试。
error-busy = 现在办理的人太多，刚才的操作没有完成，请过一会儿再发一次。
error-not-allowed = 抱歉，您没有这个权限。
error-not-in-community = 这项服务只对本社区居民开放。
error-unknown-community = 没有找到这个社区，请从列表里选。
error-not-found = 没有找到，可能已经变了。请重新选择。
error-already-done = 这件事已经办过了。
attachment-saved = 附件：{ $name }（已存到{ $path }）
menu-events = 社区活动
image-not-shown = （附有图片，这里无法显示）
wechat-choice = 回复{ $number }：{ $label }
wechat-menu-done = 公众号菜单已更新。
wechat-not-configured = 请先设置 LINLI_WECHAT_TOKEN、LINLI_WECHAT_APPID 和 LINLI_WECHAT_SECRET。
wechat-failed = 微信接口出错：{ $reason }
menu-proposals = 金点子
menu-market = 睦邻集市
wechat-no-files = （附件无法在公众号里发送，请到其他渠道查看）
