## 社区之家：共享场地

facilities-item = { $name }（{ $unit }）
facilities-gone = 这个场地已不对本社区开放。

facility-day-range = { $first }至{ $last }
facility-every-day = 每天
facility-hours-line = { $days } { $times }
facility-fee-free = 费用：免费
facility-fee-paid = 费用：{ $amount }元{ $unit }（低偿）
facility-age = 年龄要求：{ $min }到{ $max }岁
facility-age-min = 年龄要求：{ $min }岁以上
facility-age-max = 年龄要求：{ $max }岁以下
facility-rules = 须知：{ $rules }
facility-address = 地址：{ $address }
facility-contact = 电话：{ $contact }


facilities-home = 想找什么样的场地？
facilities-open-now = 现在开放的
facilities-pick-day = 选一天看看
facilities-weekend = 本周末开放的
facilities-by-category = 按类别找
facilities-search = 按名称搜索
facilities-all = 全部场地
facilities-pick-category = 请选择类别：
facilities-pick-day-ask = 请选择哪一天：
facilities-search-ask = 请输入场地或单位名称中的几个字，如“乒乓”：
facilities-none-found = 没有找到符合的场地。可以换个条件试试。
facilities-list-title = { $what }{ $detail }，共{ $count }处。{ $buttons ->
        [tap] 点一下查看：
       *[number] 回复数字查看：
    }
facilities-title-now = 现在开放
facilities-title-bookable = 可以预约的场地
facilities-title-day = 开放日：
facilities-title-weekend = 本周末开放
facilities-title-category = 类别：
facilities-title-search = 名称含：
facilities-title-all = 全部场地

category-sport = 运动
category-food = 餐饮
category-learning = 文化学习
category-reading = 阅读
category-parking = 停车
category-health = 医疗
category-venue = 场地

facility-holiday-rule = 今天是法定节假日，按周日时间开放。
facility-makeup-rule = 今天是调休上班日，按工作日时间开放。
facility-week-hours = 每周开放时间：
facility-book = 预约
facility-request = 申请使用
