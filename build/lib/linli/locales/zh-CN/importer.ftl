## 资源目录导入（工作人员用）

import-line = 第 { $line } 行：{ $message }
import-failed = 文件有 { $count } 处问题，没有导入任何内容。请改好后再导入。
import-done = 导入完成：新增单位 { $units_created } 个，更新 { $units_updated } 个；新增场地 { $facilities_created } 处，更新 { $facilities_updated } 处。
import-unreadable = 读不了这个文件：{ $reason }
import-bad-yaml = 文件格式不对：{ $reason }
import-no-units = 文件里要有 units: 列表。
import-not-mapping = 这一项的格式不对，应该是“名称: 值”的形式。
import-not-list = “{ $key }”应该是一个列表。
import-unknown-key = 不认识的项目“{ $key }”。
import-missing = 缺少“{ $key }”。
import-not-text = “{ $key }”应该是文字。
import-too-long = “{ $key }”太长了，最多 { $limit } 个字。
import-not-one-of = “{ $key }”写的是“{ $value }”，只能是：{ $allowed }。
import-bad-number = “{ $key }”应该是 { $low } 到 { $high } 之间的整数。
import-duplicate-unit = 单位“{ $name }”重复了（第 { $first } 行已经有）。
import-duplicate-facility = 同一单位里场地“{ $name }”重复了。
import-age-order = 最小年龄不能大于最大年龄。
import-fee-amount = 低偿场地要写 fee_amount（大于 0 的金额）。
import-fee-free-amount = 免费场地不要写 fee_amount。
import-no-communities = 要写 communities：至少一个可以使用的社区。
import-unknown-community = 没有编号为“{ $code }”的社区。
import-hours-required = 除了“按需共享”，都要写开放时间 hours。
import-bad-days = 开放日“{ $value }”看不懂。可以写：每天、工作日、周末、周一、周一至周五、周一,周三。
import-bad-time = { $key } 时间“{ $value }”不对，请写成 "08:30" 这样（加引号）。
import-close-before-open = 关门时间要晚于开门时间。
import-slot-fit = 开放时段 { $window } 不能按 { $slot } 分钟一段整分。
