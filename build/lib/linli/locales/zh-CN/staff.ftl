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
