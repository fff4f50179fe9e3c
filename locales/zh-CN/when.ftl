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

## 打字写的日期和时间哪里不对（handlers/kit/spoken_time.py）：说清楚，不只是再问一遍
spoken-no-such-day = 没有{ $month }月{ $day }日，请看一下日期再输入。
spoken-bad-time = { $time }不是有效时间（小时0到23，分钟0到59）。
spoken-past = { $month }月{ $day }日已经过去了，请输入今天或以后的日子。
spoken-backwards = 结束时间{ $end }早于开始时间{ $start }，请重新输入。
spoken-days-backwards = 结束的日子{ $last }在开始的日子{ $first }之前，请重新输入。
