## 网页工作台：数据图表

console-nav-figures = 数据图表
console-figures-title = 数据图表 · { $community }
console-figures-span = 近{ $months }个月
console-figures-from = 从（年-月）
console-figures-to = 到（年-月）
console-figures-show = 查看
console-figures-period = { $first }至{ $last }，共{ $months }个月
console-figures-csv = 下载表格（CSV）：{ $title }
console-figures-numbers = 图中的数字
console-figures-nothing = 这段时间没有数据。
