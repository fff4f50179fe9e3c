## 日期和时间：全系统一种写法，都带星期（handlers/kit/when.py）

weekday-0 = 周一
weekday-1 = 周二
weekday-2 = 周三
weekday-3 = 周四
weekday-4 = 周五
weekday-5 = 周六
weekday-6 = 周日

day-today = 今天
day-tomorrow = 明天

# 11-25 周三
when-date = { NUMBER($month, minimumIntegerDigits: 2) }-{ NUMBER($day, minimumIntegerDigits: 2) } { $weekday }
# 11-25 周三 19:00
when-moment = { $date } { $time }
