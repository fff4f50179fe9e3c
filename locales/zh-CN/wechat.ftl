## 微信公众号：自定义菜单、二维码、图片与语音、模板消息

wechat-menu-places = 社区之家
wechat-menu-find = 找场地、预约
wechat-menu-together = 邻里共建
wechat-menu-me = 我的
wechat-menu-main = 主菜单
wechat-menu-ok = 菜单符合微信的全部限制。
wechat-menu-bad-file = 读不了菜单文件{ $file }：{ $reason }
wechat-menu-no-buttons = 菜单里没有按钮（"button" 应是 1 到 3 个按钮的列表）。
wechat-menu-too-many-top = 一级按钮有{ $count }个，微信最多{ $limit }个。
wechat-menu-not-a-button = 按钮{ $button }不是一个按钮对象。
wechat-menu-sub-count = 按钮{ $button }下有{ $count }个子按钮，应为1到{ $limit }个。
wechat-menu-no-name = 按钮{ $button }没有名称。
wechat-menu-long-name = 按钮{ $button }“{ $name }”的名称有{ $size }字节，微信最多{ $limit }字节。
wechat-menu-bad-type = 按钮{ $button }“{ $name }”的类型“{ $type }”微信不认识。
wechat-menu-bad-url = 按钮{ $button }“{ $name }”的网址为空或超过{ $limit }字节。
wechat-menu-bad-key = 按钮{ $button }“{ $name }”的 key 为空或超过{ $limit }字节。
wechat-template-choices = 回复“选项”查看并选择
wechat-qrcode-no-place = 没有这个社区或楼栋：{ $scene }（代码见 communities.yaml）。
wechat-qrcode-one-of = 请给 --community（社区二维码）或 --household（门牌邀请码二维码），二选一。
wechat-qrcode-made = 二维码已生成（{ $scene }）。
    ticket：{ $ticket }
    图片：{ $image }
    内容：{ $url }
wechat-menu-office = 工作台
wechat-menu-notice = 发通知
wechat-menu-staff-done = 已给{ $count }位工作人员设好专用菜单。以后新授权的工作人员，请再运行一次 linli wechat menu --staff。
wechat-qrcode-too-long = 二维码参数{ $scene }太长（微信最多{ $limit }个字符），请用更短的代码。
