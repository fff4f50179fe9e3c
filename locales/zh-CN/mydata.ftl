## 我的数据：查看、导出、更正、删除账号（个人信息保护法）

mydata-menu = 我的数据
mydata-intro = 我们保存了您的哪些信息，您都可以查看、导出、更正，也可以删除账号。
mydata-see = 查看我的数据
mydata-export = 导出为文件
mydata-correct = 更正
mydata-erase = 删除我的账号

mydata-heading = 【{ $section }】共{ $count }条
mydata-section-profile = 个人资料
mydata-section-accounts = 关联的其他账号
mydata-section-residency = 住址确认
mydata-section-desk = 社区登记（代办）
mydata-section-behalf = 代办同意
mydata-section-roles = 身份
mydata-section-bookings = 预约
mydata-section-waitlist = 候补
mydata-section-draws = 抽签报名
mydata-section-suspensions = 暂停预约
mydata-section-requests = 场地申请
mydata-section-proposals = 我的金点子
mydata-section-supports = 我支持的金点子
mydata-section-ratings = 我的评分
mydata-section-reports = 我的举报
mydata-section-market = 集市摊位申请
mydata-section-events = 活动报名
mydata-section-notices = 收到的通知
mydata-section-mutes = 不接收的消息
mydata-section-fund = 基金申请
mydata-section-audit = 与我有关的操作记录
mydata-section-conversation = 正在进行的对话
mydata-section-links = 下载链接

mydata-profile = 名字：{ $name }
    渠道：{ $channel }
    社区：{ $community }
    小区/楼栋：{ $building }
    语言：{ $language }
    开始使用：{ $since }
    同意的告知版本：{ $consent }
mydata-account = { $channel } · { $since }起
mydata-desk = { $name } · { $room } · 电话：{ $phone } · { $since }登记
mydata-behalf = { $how } · { $since }起 · 撤回：{ $until }
mydata-residency = { $community } · { $household } · { $status } · { $via } · { $when }
mydata-role = { $role } · { $community } · { $since }起 · 结束：{ $until }
mydata-booking = { $facility } · { $when } · { $status } · { $code }
mydata-draw = 时段{ $slot } · { $status } · { $when }
mydata-wait = 时段{ $slot } · { $status } · { $when }
mydata-suspension = 暂停至{ $until } · { $reason }
mydata-request = { $purpose } · { $status } · { $when }
mydata-proposal = #{ $id } { $title } · { $status }
mydata-proposal-ref = 金点子 #{ $id } · { $when }
mydata-rating = 金点子 #{ $id }：{ $score }分
mydata-stall = { $day } · { $stall } · { $goods } · 电话{ $phone } · { $status }
mydata-event = { $event } · { $when } · { $status }
mydata-notice = { $when } · { $text }
mydata-mute = { $topic }
mydata-fund = #{ $id } { $purpose } · { $status }
mydata-audit = { $when } · { $actor } · { $action } · { $target }
mydata-conversation = { $flow }/{ $step } · { $until }自动清除
mydata-link = { $when }生成 · 有效至{ $until } · 已用：{ $used }
mydata-csv-section = 类别
mydata-csv-item = 内容

mydata-exported = 已导出：文件里是全部数据（JSON 格式）。
mydata-summary-file = 再要一份易读的表格
mydata-summary-sent = 易读的表格已发送。
mydata-no-files = 微信不能发送文件。您可以在这里逐页查看全部数据。
mydata-get-link = 获取一次性下载链接
mydata-link-ready = 下载链接（只能用一次，{ $hours }小时内有效，请不要转发）：
    { $url }

mydata-correct-intro = 名字来自您的微信或 Telegram，每次您发消息时会自动更新。社区、小区/楼栋和语言可以在这里改：

mydata-erase-what = 删除后，您的名字、电话、对话记录和下载链接都会清除，{ $bookings }个还没到的预约会取消。预约和基金的统计记录会保留，但不再显示是您。
mydata-erase-sure = 确定删除吗？
mydata-erase-yes = 确定删除
mydata-erased = 您的账号已删除，{ $bookings }个预约已取消。谢谢您使用“邻里”。以后再发消息，就是重新开始。

audit-privacy-erase = 删除账号
audit-privacy-export = 导出个人数据
audit-privacy-link = 生成下载链接

cli-privacy-no-user = 找不到用户{ $user }（格式：渠道:编号，如 wechat:o6_bmjrP…）。
cli-privacy-exported = 已导出{ $user }的数据到{ $path }。
cli-privacy-confirm = 删除账号不能撤销。确认请加 --yes。
cli-privacy-erased = 已删除{ $user }的账号，{ $bookings }个预约已取消。

export-link-gone = 这个链接已失效（只能用一次，24小时内有效）。请在“我的数据”里重新获取。
export-link-intro = 这是您在“邻里”的全部数据。链接只能用一次：点下面的按钮下载后就失效。
export-link-download = 下载我的数据
