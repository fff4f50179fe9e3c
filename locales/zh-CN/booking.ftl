## 预约、我的预约、候补、申请使用

booking-pick-day = 预约“{ $facility }”：请选日子（可约{ $days }天内）：
booking-no-days = “{ $facility }”近期没有可以预约的时间。
booking-day-not-offered = 这一天不能预约。只能约{ $days }天内开放的日子，请从下面选。
booking-pick-slot = { $day }{ $buttons ->
        [tap] 的时间段（点一下）：
       *[number] 的时间段（回复数字）：
    }
booking-slot-free = { $time }，还剩{ $left }个位置
booking-slot-full-wait = { $time }，已约满，可排队候补
booking-slot-summary = { $facility } · { $day } { $time }
booking-confirm-ask = 请确认预约：
booking-confirm = 确认预约
booking-cancel-rule = 如需取消，最晚在开始前{ $duration }取消。
booking-done = 预约成功！预约码：{ $code }
booking-done-hint = 到场时请出示预约码。可在“我的预约”里查看或取消。
booking-slot-full = 这个时间段刚刚约满了。
booking-slot-not-offered = 这个时间段现在不能预约，请重新选择。
booking-outside-horizon = 只能预约{ $days }天以内的时间。
booking-quota-facility = 您在这个场地已有{ $limit }个预约，用完或取消后才能再约。
booking-quota-week = 您这一周已经预约{ $limit }次，是每周的上限。下周可以再约。
booking-suspended = 您最近{ $count }次预约没有到场，暂停预约到{ $until }。
booking-suspended-notice = 您最近{ $count }次预约没有到场，预约功能暂停到{ $until }。以后不能来请提前取消。
booking-cancel-too-late = 已过取消时间（{ $deadline }以前可以取消）。不能来请联系场地。
booking-reminder = 提醒：您预约了“{ $facility }”，时间{ $when }，地址{ $address }。预约码：{ $code }
booking-cancelled-closure = 抱歉，“{ $facility }” { $when }的预约已取消，原因：{ $reason }。

mine-title = 您有{ $count }个预约。{ $buttons ->
        [tap] 点一下查看：
       *[number] 回复数字查看：
    }
mine-none = 您现在没有预约。
mine-item = { $when } { $facility }
mine-code = 预约码：{ $code }
mine-cancel-until = { $deadline }以前可以取消。
mine-cancel = 取消这个预约
mine-cancel-ask = 确定取消这个预约吗？{ $booking }
mine-kept = 好的，预约没有取消，还是有效的。
mine-cancelled = 已取消预约{ $code }。
mine-calendar = 加到手机日历
mine-calendar-sent = 日历文件发给您了，打开它就能加到手机日历。

waitlist-ask = 要排队候补吗？有人取消时会通知您，为您保留{ $duration }。
waitlist-join = 排队候补
waitlist-joined = 已加入候补，有空位会通知您。
waitlist-offer = 有空位了！“{ $facility }” { $when }。为您保留到{ $until }。
waitlist-accept = 我要这个位置
waitlist-decline = 不要了
waitlist-declined = 好的，位置让给下一位。
waitlist-offer-gone = 这个空位已经过了保留时间，让给下一位了。
waitlist-offer-expired = 空位的保留时间已过，已让给下一位。

request-intro = 申请使用“{ $facility }”，由单位审批。
request-day-ask = 哪一天用？请选择，或输入日期，如：12月5号、下周六
request-time-ask = 几点到几点？请输入，如：下午两点到四点、14:00-16:00
request-purpose-ask = 做什么用？请简单写一句（如：合唱队排练）：
request-headcount-ask = 大约多少人？请输入数字：
request-summary = 申请：{ $facility }
    日期：{ $day } { $opens }–{ $closes }
    用途：{ $purpose }
    人数：{ $headcount }
request-send = 提交申请
request-sent = 申请已提交，单位审批后会通知您。
request-bad-time = 日期要在明天到{ $days }天以内，结束时间要晚于开始时间。
request-bad-details = 用途请写一句话，人数请写 1 到 1000 之间的数字。
request-new = 新的使用申请：{ $facility }，{ $day } { $opens }–{ $closes }，{ $purpose }，{ $headcount }人。请到“场地管理”审批。
request-approved = 您申请的“{ $facility }”已同意：{ $day } { $opens }–{ $closes }。
request-declined = 您申请的“{ $facility }”（{ $day }）没有通过，原因：{ $reason }。
request-reason-needed = 请写一句不同意的原因，会告诉申请人。

checkin-code-unknown = 这个预约码不是本场地的，请核对。
checkin-not-today = 这个预约是{ $when }的，不是今天。
closure-bad-range = 日期不对：要从今天或以后开始，最多{ $days }天。
opening-bad = 日期要是今天或以后，结束时间要晚于开始时间。
