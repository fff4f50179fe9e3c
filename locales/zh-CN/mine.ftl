# 我的预约: places in line, 按需 requests, clashes, leaving an event (issue 17, 11-12).
mine-pick = { $buttons ->
        [tap] 点一下查看：
       *[number] 回复数字查看：
    }
mine-wait-title = 您在排队候补{ $count }个时段。
mine-wait-item = { $status ->
        [offered] 为您保留：
       *[other] 候补：
    }{ $when } { $facility }
mine-wait-place = 您排在候补第{ $place }位，有空位会通知您。
mine-wait-offered = 有空位了，为您保留到{ $until }。
mine-wait-leave = 取消候补
mine-wait-leave-ask = 确定取消这个候补吗？{ $slot }
mine-wait-kept = 好的，候补没有取消，还在排队。
mine-wait-left = 已取消候补。
mine-wait-closure = 抱歉，“{ $facility }” { $when }不开放了，您的候补已取消，原因：{ $reason }。

mine-request-title = 您有{ $count }个使用申请。
mine-request-item = 申请：{ $day } { $opens } { $facility }（{ $status ->
        [approved] 已同意
       *[other] 待审批
    }）
mine-request-approved = 已同意，按时去就行。
mine-request-pending = 还在等单位审批。
mine-request-withdraw = 取消这个申请
mine-request-withdraw-ask = 确定取消这个申请吗？
mine-request-kept = 好的，申请没有取消。
mine-request-withdrawn = 已取消申请，场地那边也知道了。
mine-request-withdrawn-notice = 申请人取消了申请：{ $facility }，{ $day } { $opens }–{ $closes }，{ $purpose }。这段时间空出来了。
mine-request-clash = 不能同意：{ $day } { $opens }–{ $closes }已经同意了“{ $purpose }”，时间重叠。请拒绝这个申请，或请申请人换个时间。

mine-overlap-warning = 注意：同一时间您还约了“{ $facility }” { $time }。可以都约，去不了的请记得取消。

mine-event-leave-ask = 确定取消“{ $title }”的报名吗？时间：{ $when }
mine-event-kept = 好的，“{ $title }”的报名没有取消。
