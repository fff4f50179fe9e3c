## 睦邻集市和社区发展基金

market-bad-details = 集市信息不对：结束要晚于开始，要写地点，截止时间要在现在和开市之间，摊位数 1 到 500。
market-deadline-passed = 报名已经截止了。
market-too-late = 开市当天不能撤回了，请直接联系工作人员。
market-bad-application = 请写好摊位名称（40 字内）、卖什么（100 字内）和手机号。
market-no-draw = 现在不能摇号。
market-staff-flag = 摊主“{ $stall }”最近多次没来出摊，已排到候补最后，请留意。
stall-applied = 已申请
stall-approved = 已通过
stall-waitlisted = 候补
stall-rejected = 未通过
stall-withdrawn = 已撤回
stall-status = 集市 { $day } 摊位（{ $category }）：{ $status }
stall-reminder = 提醒：明天 { $day } { $time } 在 { $place } 出摊，别忘了。
fund-bad-entry = 账目信息不对：收入要选来源，金额不能为 0，用途要写。
fund-needs-approval = 支出要写明批准的基金管委会。
