## 文字打磨（问题 17 第 13–15 点）

polish-report-attached = 每个预约的明细见附件。
polish-report-csv-hint = 要每个预约的明细，请加 --csv 文件名，如 --csv 明细.csv
polish-report-csv-written = 已把{ $count }个预约的明细写入{ $path }。
# 终端里给别的用户的推送：说明是给谁的。
polish-push-for = 【给{ $who }的消息】
