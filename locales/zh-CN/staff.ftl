## 社区管理（工作人员）

staff-home = 社区管理 · { $community }
staff-make-invite = 生成邀请码
staff-audit = 最近的操作记录
staff-audit-empty = 还没有操作记录。
staff-audit-title = 最近 { $count } 条操作记录：
staff-audit-line = { $when } { $actor } { $action } { $target }
staff-invite-role = 邀请码给什么身份？
staff-invite-unit = 这位联系人负责哪个单位？
staff-no-units = 本社区还没有共享单位。
staff-invite-made = 邀请码：{ $code }
    请交给对方，{ $days } 天内有效，只能用一次。对方发送 /join { $code } 即可。
staff-notice = 发通知
staff-notices = 通知记录
staff-new-event = 新建活动
staff-new-market = 新建集市
staff-people = 人员与身份
staff-people-title = 本社区有身份的人（{ $count } 位）。选一位可以收回身份：
staff-person-staff = { $name } · 社区工作人员
staff-person-operator = { $name } · 单位联系人（{ $unit }）
staff-person-gone = 这个身份已经收回了。
staff-revoke-ask = 收回后，这个人马上不能再用工作人员的功能。
staff-revoke = 收回身份
staff-revoked = 已收回，对方会收到通知。
