## 命令行（给管理员和工作人员）

cli-demo-loaded = 演示社区已载入。
cli-demo-skipped = 数据库里已有社区，没有重复载入演示数据。
cli-unknown-community = 没有编号为 { $code } 的社区。
cli-unknown-unit = 本社区没有叫“{ $unit }”的共享单位。
cli-grant-usage = 用法：--user 渠道:编号（如 console:local），--role staff 或 operator；operator 要加 --unit 单位名称。
cli-granted = 已授予 { $user } 在 { $community } 的身份：{ $role }。
cli-invite = 邀请码：{ $code }（{ $community }，{ $days } 天内有效）。对方发送 /join { $code } 即可。
cli-month-usage = 月份请写成 2026-11 这样。
cli-facility-line = { $id }  { $name }（{ $unit }）{ $mode } 可预约：{ $bookable }
