## 抽签：热门时段按户抽签，人人可复核

draw-rule = 这个场地的热门时段按户抽签：开始前{ $days }天开始报名，开始前{ $hours }小时抽签。每户报名一次。
draw-none-open = 这一天现在没有可以报名抽签的时段。
draw-slot-enter = { $time }报名抽签（{ $places }个名额，已有{ $entered }户报名）
draw-enter-ask = 报名抽签：{ $when }抽签，{ $places }个名额，已有{ $entered }户报名。抽中了自动为您预约。
draw-commitment = 抽签第{ $draw }号。抽签密码已锁定，它的指纹是{ $commitment }；抽签后公布密码，人人都能复核。
draw-enter = 报名抽签
draw-entered = 报名成功！{ $when }抽签，结果会通知您。可在“我的预约”里查看或退出。
draw-not-open-yet = 这个时段按户抽签，{ $opens }开始报名。
draw-book-by-entry = 这个时段按户抽签，不能直接预约，请选“报名抽签”。
draw-being-drawn = 这个时段正在抽签，请稍后再看。
draw-entries-closed = 这个时段的报名已经截止了。
draw-already-entered = 您已经报名了这个时段，不用再报。可在“我的预约”里查看。
draw-already-entered-household = 您家里已经有人报名了这个时段，每户只能报一次。
draw-withdraw-too-late = 已经抽签了，不能退出了。
draw-withdraw = 退出抽签
draw-withdrawn = 已退出抽签。报名截止以前还可以再报。
draw-mine-title = 您报名了{ $count }个抽签。{ $buttons ->
        [tap] 点一下查看：
       *[number] 回复数字查看：
    }
draw-mine-item = 抽签：{ $when } { $facility }
draw-mine-entry = 已报名抽签，{ $when }抽签。
draw-won = 恭喜，抽中了！“{ $facility }” { $when }，已为您预约。预约码：{ $code }
draw-lost = 很抱歉，“{ $facility }” { $when }没有抽中（{ $places }个名额，您排第{ $rank }位）。谢谢参加，可以看看别的时间。
draw-called-off = 很抱歉，“{ $facility }” { $when }这个时段已经取消开放，这次抽签作废，没有人抽中。
draw-other-times = 看看别的时间
draw-facts = 抽签第{ $draw }号：指纹{ $commitment }，公布的密码{ $secret }，种子{ $seed }，{ $entries }户报名，{ $places }个名额。
draw-verify-hint = 怎样复核：SHA-256(密码)应等于指纹；SHA-256(密码|报名的户，从小到大用逗号隔开)得到种子；每户算 SHA-256(种子:slot:时段编号:户)，从小到大排，前几位抽中。工作人员复核用命令：linli booking verify-draw --draw { $draw }
draw-not-made = 这个抽签还没有抽，或者没有这个抽签。

import-lottery-both = 抽签要同时写“lottery_opens_days”和“lottery_draw_hours”。
import-lottery-order = 抽签要在报名开始以后：开始前{ $hours }小时抽签，应该少于提前报名的{ $days }天。
import-lottery-horizon = 提前{ $days }天报名抽签，超过了可预约的{ $horizon }天（horizon_days）。

cli-slot-draw-facts = 抽签第{ $draw }号：指纹{ $commitment }，密码{ $secret }，种子{ $seed }，{ $places }个名额。
cli-slot-draw-entries = 报名的户（从小到大）：{ $keys }
cli-slot-draw-order = 按规则的顺序：{ $order }
cli-slot-draw-match = 一致：密码和指纹相符，种子、顺序和每户的结果都和记录一致。
cli-slot-draw-commitment-differs = 不一致：公布的密码和事先公布的指纹对不上。
cli-slot-draw-pool-differs = 不一致：记录里报名的户和抽签时公布的不一样。
cli-slot-draw-seed-differs = 不一致：用密码和报名的户算出的种子和公布的种子不一样。
cli-slot-draw-order-differs = 不一致：按规则算出的顺序和公布的结果不一样。
cli-slot-draw-outcomes-differ = 不一致：这些户记录的名次或结果和规则算出的不一样：{ $keys }
