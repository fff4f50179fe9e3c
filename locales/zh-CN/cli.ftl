## 命令行（给管理员和工作人员）

cli-demo-loaded = 演示社区已载入。
cli-demo-skipped = 数据库里已有社区，没有重复载入演示数据。
cli-unknown-community = 没有编号为{ $code }的社区。
cli-unknown-unit = 本社区没有叫“{ $unit }”的共享单位。
cli-flows-unknown = 没有叫{ $name }的流程。现有的流程：{ $names }
cli-grant-usage = 用法：--user 渠道:编号（如 console:local），--role staff 或 operator；operator 要加 --unit 单位名称。
cli-granted = 已授予{ $user }在{ $community }的身份：{ $role }。
cli-invite = 邀请码：{ $code }（{ $community }，{ $days }天内有效）。对方发送“/join { $code }”即可。
cli-month-usage = 月份请写成 2026-11 这样。
cli-facility-line = { $id }  { $name }（{ $unit }）{ $mode }，{ $bookable ->
        [yes] 需要预约
       *[no] 不用预约
    }
cli-fund-whole = { $community }：基金账本完整，共{ $lines }笔，结余{ $balance }元。最新校验码{ $head }。
cli-fund-changed = { $community }：第#{ $id }笔账目被改动过，和它的校验码对不上。从这一笔起账本不可信。
cli-fund-unlinked = { $community }：第#{ $id }笔账目前面的账目被删除、插入或改动过，校验链在这里断开。
cli-draw-order = { $category }（{ $stalls }个摊位）按规则的顺序：{ $order }
cli-draw-holds = 复核通过：开奖密码和事先公布的指纹相符，种子和每个人的名次都和记录一致。
cli-draw-commitment-differs = 开奖密码和事先公布的指纹对不上。
cli-draw-seed-differs = 用公布的密码和编号算出的种子和公布的种子不一样。
cli-draw-places-differ = 这些编号记录的名次和规则算出的不一样：{ $numbers }
cli-pardoned = 已为{ $user }解除出摊限制，可以重新报名。
cli-role-line = #{ $id }  { $user }  { $role }  { $unit }
cli-no-role = { $user }在{ $community }没有可收回的身份。
cli-revoked = 已收回{ $user }在{ $community }的{ $count }个身份。
cli-backup-done = 已备份到{ $file }（数据库版本{ $revision }）。
cli-backup-not-sqlite = 这是 PostgreSQL 数据库，请用 pg_dump 备份（它连同角色和扩展一起保存，且不影响运行）：pg_dump -Fc 数据库名 > linli.dump
cli-backup-no-file = 内存数据库没有文件可以备份。
cli-backup-exists = 这个文件已经存在，没有覆盖。请换一个文件名。
cli-backup-no-database = 找不到数据库文件，没有可备份的内容。
cli-backup-no-backup = 找不到这个备份文件。
cli-backup-not-linli = 这个文件不是邻里的数据库备份，没有恢复。
cli-backup-damaged = 这个备份文件已损坏，没有恢复。
cli-restore-confirm = 用{ $file }替换现在的数据库吗？现在的数据会被覆盖（请先停止 linli run）。
cli-restore-done = 已从{ $file }恢复（数据库版本{ $revision }）。如有新版本，请再运行 linli db upgrade。
cli-audit-bad-day = 没看懂日期“{ $day }”，请写成 2026-11-01 或 11-01。
cli-audit-no-person = 操作记录里没有{ $user }这个人。
cli-audit-written = 已写入{ $count }条操作记录：{ $path }
