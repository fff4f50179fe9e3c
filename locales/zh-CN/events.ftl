## 社区活动：报名、提醒；工作人员新建活动

event-bad-details = 活动信息不完整：名称和地点要写，时间要在以后，人数 1 到 10000。
event-started = 活动已经开始了，不能再报名。
event-full = 活动名额已满。
event-reminder = 活动提醒：“{ $title }”，{ $when }，地点：{ $place }。
events-title = 近期{ $count }个活动，{ $buttons ->
        [tap] 点一下查看：
       *[number] 回复数字查看：
    }
events-none = 近期没有活动。
events-line = { $when } { $title }
event-card = 【{ $title }】时间：{ $when }，地点：{ $place }
event-places-left = 还剩{ $left }个名额
event-places-open = 不限人数
event-join = 报名
event-leave = 取消报名
event-joined = 报名成功，活动前一天和开始前一小时会提醒您。
event-joined-hour = 报名成功，活动开始前一小时会提醒您。
event-joined-soon = 报名成功。活动马上开始，不再另外提醒，请准时参加。
event-left = 已取消报名。
event-you-are-going = 您已报名。
event-attendees = 报名名单
event-attendee-list = 已报名{ $count }人：{ $names }
event-ask-title = 新建活动。活动名称是什么？（如：免费义诊）
event-ask-time = 活动什么时候开始？如：12-05 09:00
event-ask-place = 在哪里？（如：社区服务站二楼）
event-ask-capacity = 限多少人？请输入人数，或选“不限”：
event-no-limit = 不限人数
event-create = 创建活动
event-created = 已创建活动“{ $title }”。居民可在“社区活动”里报名。
