## 社区之家：共享场地

facilities-title = 本社区可以使用的共享场地共 { $count } 处。回复数字查看：
facilities-item = { $name }（{ $unit }）
facilities-none = 本社区暂时还没有共享场地。
facilities-gone = 这个场地已不对本社区开放。

facility-card-title = 【{ $name }】{ $unit } · { $mode }
facility-day-range = { $first }至{ $last }
facility-every-day = 每天
facility-hours-line = { $days } { $times }
facility-hours-on-request = 需提前申请，由单位安排时间。
facility-fee-free = 费用：免费
facility-fee-paid = 费用：{ $amount } 元{ $unit }（低偿）
facility-age = 年龄要求：{ $min } 到 { $max } 岁
facility-rules = 须知：{ $rules }
facility-address = 地址：{ $address }
facility-contact = 电话：{ $contact }

mode-walk-in = 开放时间内直接去
mode-off-peak = 错时开放
mode-on-request = 需申请

weekday-0 = 周一
weekday-1 = 周二
weekday-2 = 周三
weekday-3 = 周四
weekday-4 = 周五
weekday-5 = 周六
weekday-6 = 周日
