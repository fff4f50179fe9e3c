## 通知

notice-header = 【社区通知 · { $topic }】
notice-header-urgent = 【紧急通知】
notice-bad-text = 通知内容不能为空，最多{ $limit }个字。
notice-time-past = 发送时间要晚于现在。
notice-too-late = 这条通知已经全部发出，不能撤回了。
notice-progress = 通知#{ $id }：共{ $recipients }人，已送达{ $sent }，等待{ $waiting }，失败{ $failed }。
notice-report-title = 通知发送完毕：

topic-events = 活动
topic-market = 集市
topic-outage = 停水停电
topic-policy = 政策
topic-health = 健康
topic-other = 其他

notice-ask-text = 给“{ $community }”发通知。请输入通知内容（最多{ $limit }字）：
notice-ask-topic = 属于哪一类？
notice-ask-urgent = 是紧急通知吗？（紧急通知不受免打扰限制，屏蔽了也会收到）
notice-normal = 普通通知
notice-urgent = 紧急通知（安全）
notice-ask-audience = 发给谁？
notice-to-community = 全社区居民
notice-to-place = 某个小区或楼栋
notice-to-staff = 社区工作人员
notice-to-operators = 共享单位联系人
notice-ask-place = 请选择小区或楼栋：
notice-ask-when = 什么时候发？
notice-now = 马上发（15 秒内可撤回）
notice-later = 定时发送
notice-ask-time = 请输入发送时间，如：12-05 09:00，或明天 8:30
notice-when-now = 马上
notice-summary = 类别：{ $topic }；发给：{ $audience }，共{ $count }人；时间：{ $when }。内容如下：
notice-no-building = 社区里有{ $count }位居民还没填楼栋，收不到这条通知。
notice-remind-building = 提醒这{ $count }位居民填写楼栋
notice-reminded-building = 已提醒{ $count }位居民填写楼栋（免打扰时间的会在早上收到）。
place-reminder = { $community }提醒您：请选一下您住的小区和楼栋，这样发给您这栋楼的通知（如停水、停电）您才能收到。
place-reminder-choose = 选择小区/楼栋
notice-send = 确认发送
notice-state = 通知#{ $id }：{ $status }
notice-withdraw = 撤回
notice-refresh = 刷新进度
notice-withdrawn = 通知#{ $id }已撤回，不会发出。
notice-withdrawn-held = 通知#{ $id }已撤回：{ $stopped }条还没发出的已拦下，不会再发；已经收到的有{ $sent }人。
notice-status-scheduled = 等待发送
notice-status-sending = 正在发送
notice-status-sent = 已发出
notice-status-cancelled = 已撤回
notice-list-title = 最近的通知{ $buttons ->
        [tap] （点一下看进度）：
       *[number] （回复数字看进度）：
    }
notice-line = { $when } { $status } { $text }
notice-none = 还没有发过通知。

topics-title = 选择想收到的通知类别。点一下可以打开或屏蔽。紧急通知总会收到。
topic-on = ✓ { $topic }
topic-muted = ✗ { $topic }（已屏蔽）
topics-changed = 已修改。

quiet-hours = 免打扰时间：{ $start }–{ $end }（这段时间的普通通知早上再发）
quiet-off = 免打扰：已关闭
quiet-ask = 请输入免打扰时间，如 22:00-07:00；不需要请回复“关闭”。
notice-image-needs-text = 图片收到了。请再发一句文字说明，作为通知内容：
