## 通知和活动

notice-header = 【社区通知 · { $topic }】
notice-header-urgent = 【紧急通知】
notice-bad-text = 通知内容不能为空，最多 { $limit } 个字。
notice-time-past = 发送时间要晚于现在。
notice-too-late = 这条通知已经开始发送，不能撤回了。
notice-progress = 通知 #{ $id }：共 { $recipients } 人，已送达 { $sent }，等待 { $waiting }，失败 { $failed }。
notice-report-title = 通知发送完毕：

topic-events = 活动
topic-market = 集市
topic-outage = 停水停电
topic-policy = 政策
topic-health = 健康
topic-other = 其他

event-bad-details = 活动信息不完整：名称和地点要写，时间要在以后，人数 1 到 10000。
event-started = 活动已经开始了，不能再报名。
event-full = 活动名额已满。
event-reminder = 活动提醒：“{ $title }”，{ $when }，地点：{ $place }。
