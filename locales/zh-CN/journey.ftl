## 少走几步：预约场地、再约一次、连续签到

menu-reserve = 预约场地
journey-again = 再约一次：{ $facility }
journey-places-title = 可以预约的场地（{ $count }个），后面是今天的开放时间：
journey-place-today = { $facility }（今天{ $hours }）
journey-place-closed-today = { $facility }（今天不开放）
journey-no-places = 现在没有可以预约的场地。
journey-no-slot-at = { $time }没有可约的时段，请从下面选一个：
journey-checkin-next = 已签到{ $count }位。请输入下一位的预约码（办完了按“返回上一步”）：
