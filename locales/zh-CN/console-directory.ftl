# 场地目录：网页后台编辑、导入导出（也用于 linli facilities import 的新项目）
console-directory-too-many = “{ $key }”最多写{ $limit }条。
console-directory-bad-hours = 开放时间“{ $value }”看不懂，请写成“工作日 08:00-12:00”。
console-directory-bad-holiday = 节假日时间“{ $value }”看不懂，请写成“09:00-12:00”。
console-directory-bad-closure = 闭馆“{ $value }”看不懂，请写成“2026-12-05 考试”或“2026-12-05 至 2026-12-07 考试”，要写原因。
console-directory-closure-long = 一次闭馆最多{ $days }天。
console-directory-bad-opening = 临时开放“{ $value }”看不懂，请写成“2026-12-06 09:00-12:00”。
console-directory-past = “{ $value }”的日期已经过去了。
console-directory-bad-photo = 照片地址“{ $value }”不对，要以 https:// 开头。
console-directory-communities-refused = 只有“{ $code }”社区的工作人员才能增减这个社区。
console-directory-new-unit = 没有单位“{ $name }”。新单位请用 linli facilities import 添加。
console-directory-unit-changed = 单位“{ $name }”的资料和现在不一样。单位资料请用 linli facilities import 修改。
console-directory-new-facility = 没有场地“{ $name }”。新场地请用 linli facilities import 添加。
console-directory-not-yours = 场地“{ $name }”不归您管理，不能修改。
console-directory-overlap = { $day }的开放时间{ $first }和{ $second }重叠了。
