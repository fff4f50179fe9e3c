## 文字打磨（问题 17 第 13–15 点）

polish-report-attached = 每个预约的明细见附件。
polish-report-csv-hint = 要每个预约的明细，请加 --csv 文件名，如 --csv 明细.csv
polish-report-csv-written = 已把{ $count }个预约的明细写入{ $path }。
# 终端里给别的用户的推送：说明是给谁的。
polish-push-for = 【给{ $who }的消息】
polish-duration-minutes = { $minutes }分钟
polish-duration-hours = { $hours }小时
polish-duration-hours-minutes = { $hours }小时{ $minutes }分钟
polish-already-checked-in = { $code }已经签到过了（{ $at }签的到）。
polish-checkin-cancelled = { $code }这个预约已经取消了，不能签到。
# 目录文件（YAML）哪里写得不对：用大白话说，不用解析器的英文。
polish-yaml-tab = 这一行用了 Tab 键缩进，请全部改用空格。
polish-yaml-indent = 缩进没对齐：同一层的行，开头的空格要一样多（这一行或上一行多了或少了空格）。
polish-yaml-colon = 冒号的位置不对：可能这一行缩进多了，或者值里有冒号（有冒号的值请加引号，如 "9:00开门"）。
polish-yaml-no-colon = 这一行少了冒号，应写成“名称: 值”，如 name: 舞蹈房。
polish-yaml-unclosed = 引号或括号没有成对，请检查这一行前后。
polish-yaml-other = 文件格式不对，请检查这一行的缩进和冒号。
