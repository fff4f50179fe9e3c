# 网页工作台：通知、集市、基金（issue 21 第5、6点）
console-desk-notice-bad-title = 标题最多{ $limit }个字。
console-desk-fund-opening = 月初结余
console-desk-fund-income = 本月收入
console-desk-fund-spending = 本月支出
console-desk-fund-closing = 月末结余
