## 场地管理（单位联系人和社区工作人员）

manage-pick = 请选择要管理的场地：
manage-home = 场地管理：{ $facility }
manage-today = 今日预约
manage-checkin = 按预约码签到
manage-close = 关闭几天
manage-open = 临时加开
manage-requests = 待审批的申请
manage-report-button = 本月统计
manage-booking-line = { $time } { $code } { $name }（{ $status }）
manage-checkin-ask = 请输入预约码：
manage-checked-in = { $code }已签到。
manage-close-ask = 关闭哪几天？请输入，如：12-01至12-03，或一天：下周六
manage-close-why = { $first }到{ $last }关闭。原因是什么？（会告诉已预约的居民）
manage-closed = 已关闭{ $first }到{ $last }，取消了{ $count }个预约并通知了本人。
manage-open-ask = 哪天几点加开？请输入，如：12-05 14:00-17:00、下周六下午两点到五点
manage-opened = 已加开：{ $day } { $time }
manage-requests-title = 有{ $count }个申请等待审批：
manage-requests-none = 没有等待审批的申请。
manage-request-line = { $day } { $time } { $purpose }
manage-request-from = 申请人：{ $name }
manage-approve = 同意
manage-decline = 不同意
manage-approved = 已同意，已通知申请人。
manage-decline-why = 请写一句不同意的原因：
manage-declined = 已回复申请人。
manage-report = { $facility } { $month }：预约{ $total }次（已签到{ $checked_in }，未到{ $no_show }，待使用{ $upcoming }），取消{ $cancelled }次。

manage-hours = 改每周开放时间
manage-hours-ask = 请输入要改的日子和时间，如：周一至周五 18:00-21:00，或周六 09:00-12:00,14:00-17:00，或周日 不开放
manage-hours-done = 已修改，现在的每周开放时间：
manage-day-before = 前一天
manage-day-after = 后一天
manage-day-title = { $day }共{ $count }个预约。{ $buttons ->
        [tap] 今天的预约点一下即可签到：
       *[number] 今天的预约回复数字即可签到：
    }
manage-day-none = { $day }没有预约。
hours-bad = 时间不对：结束要晚于开始、时段不能重叠{ $slot ->
    [0] {""}
   *[other] ，每段要能按{ $slot }分钟分开
}。

status-booked = 待签到
status-checked-in = 已签到
status-no-show = 未到
status-cancelled = 已取消
report-column-date = 日期
report-column-start = 开始
report-column-end = 结束
report-column-code = 预约码
report-column-status = 状态
report-column-reason = 取消原因
closure-needs-all = 这个场地也供其他社区使用，关闭会取消那些社区居民的预约。请由场地所属单位的管理员关闭，或由每个社区的工作人员操作。
