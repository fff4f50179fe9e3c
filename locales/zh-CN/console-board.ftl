# 公示栏: the public board of a 社区 (no sign-in), and how chat and the WeChat menu link to it.
console-board-keywords = 公示栏 | 公示
console-board-chat-link =
    { $community }公示栏：金点子进展、基金账本、集市抽签和近期活动，谁都能看，不用登录。
    { $url }
console-board-chat-no-link = { $community }的公示栏网页还没有开通。金点子、集市和活动可以在菜单里看。
console-board-wechat-menu = 公示栏

## The index of boards
console-board-index-title = 公示栏
console-board-index-intro = 选一个社区，看它的金点子、基金账本、集市摇号和近期活动。谁都能看，不用登录。
console-board-index-empty = 还没有社区。
console-board-other-language = English
console-board-all = 所有社区

## A community's board
console-board-title = { $community }公示栏
console-board-intro = 谁都能看，不用登录。除了捐赠人自己选的署名，这里没有居民的姓名、电话或账号。更新时间：{ $at }。
console-board-contents = 本页内容
console-board-proposals = 金点子
console-board-fund = 社区发展基金账本
console-board-draws = 集市摇号
console-board-events = 近期活动

## 金点子
console-board-proposals-intro = 居民提的金点子，新的在前。每条都走四步：集（附议）、议（议事会）、决（决定）、督（落实）。
console-board-proposals-empty = 还没有金点子。
console-board-proposal-heading = 第{ $number }号：{ $title }
console-board-proposal-meta = { $category } · { $level } · { $day }提出
console-board-stages = 走到了哪一步
console-board-stage-collect = 集：附议
console-board-stage-deliberate = 议：议事会
console-board-stage-decide = 决：决定
console-board-stage-supervise = 督：落实
console-board-stages-filter = 只看走到某一步的
console-board-stage-all = 全部（{ $count }）
console-board-stage-count = { $stage }（{ $count }）
console-board-collecting = 已有{ $supports }人附议，满{ $threshold }人上议事会，{ $until }截止。
console-board-lapsed = 附议时间已过，{ $supports }人附议，没满{ $threshold }人。
console-board-pending = { $supports }人附议，已满，等着安排议事会。
console-board-meeting = 议事会：{ $when }，在{ $place }。
console-board-declined = 没有通过。理由：{ $reason }
console-board-adopted = 已立项，由{ $carrier }负责落实。
console-board-progress = 完成了{ $percent }%。
console-board-done = 已经办完。
console-board-rated = { $count }人打了分，{ $percent }%满意（4分或5分）。
console-board-update = { $day }：完成{ $percent }%，{ $text }
console-board-merged = 和第{ $number }号说的是一件事，已并到第{ $number }号。
console-board-description = 详细内容

## The fund
console-board-fund-income = 收入（元）
console-board-fund-spending = 支出（元）
console-board-fund-balance = 结余（元）
console-board-fund-whole = 账本完整：{ $lines }笔账，每一笔的校验码都对得上。
console-board-fund-broken = 注意：第{ $number }笔账和校验码对不上，可能被改过、删过或插过。请告诉居委会。
console-board-fund-head = 最后一笔的校验码（链头）：
console-board-fund-caption = 每一笔账，按记账先后排。每笔支出都有两位工作人员签字。
console-board-fund-empty = 基金还没有账目。
console-board-col-number = 编号
console-board-col-date = 日期
console-board-col-kind = 收支
console-board-col-source = 来源
console-board-col-amount = 金额（元）
console-board-col-purpose = 用途
console-board-col-donor = 捐赠人
console-board-col-approved = 签字人
console-board-col-corrects = 更正第几笔
console-board-col-market = 第几场集市
console-board-col-check = 核对
console-board-col-hash = 校验码
console-board-line-ok = 对
console-board-line-bad = 不对
console-board-how-title = 怎样自己核对
console-board-fund-json = 下载账本数据（JSON），里面有每笔账的全部内容。
console-board-fund-how-rule = 每一笔的校验码 = SHA-256（这些内容组成的JSON数组，不留空格：日期、收支、来源、金额（两位小数）、用途、签字人（没有就是空字符串）、更正第几笔（没有就是null）、第几场集市（没有就是null）、上一笔的校验码；有捐赠人的，最后再加捐赠人）。
console-board-fund-how-chain = 第一笔的“上一笔校验码”是64个0。一笔一笔往下算，最后一笔的校验码应当等于上面的链头。任何一笔被改过、删过或插过，从那一笔起就对不上了。也可以用下面这几行Python核对：

## Market lotteries
console-board-draws-empty = 还没有摇号的集市。
console-board-draw-heading = { $day }，{ $place }集市（第{ $market }场）
console-board-draw-coming = 报名{ $deadline }截止，截止后摇号。现在先公布密钥的指纹，摇号时公布密钥，谁都能对上，谁也没法事先知道结果。
console-board-draw-commitment = 密钥的指纹（SHA-256）：
console-board-draw-secret = 密钥：
console-board-draw-seed = 种子：
console-board-draw-pool = 参加摇号的申请号：
console-board-draw-nobody = 没有人报名
console-board-draw-category = { $name }：{ $stalls }个摊位
console-board-col-place = 顺序
console-board-col-entry = 申请号
console-board-col-result = 结果
console-board-draw-stall = 得到摊位
console-board-draw-waiting = 候补第{ $place }
console-board-draw-holds = 按公开的规则重算了一遍：结果一致。
console-board-draw-bad-commitment = 密钥和摇号前公布的指纹对不上。请告诉居委会。
console-board-draw-bad-seed = 种子和密钥、申请号算出来的对不上。请告诉居委会。
console-board-draw-bad-places = 这些申请号的顺序和规则算出来的不一样：{ $numbers }。请告诉居委会。
console-board-draws-json = 下载摇号数据（JSON）：密钥、种子、申请号和每类摊位的顺序。
console-board-draw-how-commit = 指纹 = SHA-256（密钥）。摇号前公布的指纹应当等于用公布的密钥算出来的。
console-board-draw-how-seed = 种子 = SHA-256（“密钥|参加的申请号，从小到大，用英文逗号隔开”）。
console-board-draw-how-order = 每类摊位里，每个申请号的排序值 = SHA-256（“种子:类别:申请号”），从小到大排：前面的得到摊位，其余按这个顺序候补。居委会也可以用命令“linli market verify 场次”核对。

## Events
console-board-events-empty = 近期没有活动。
console-board-col-when = 时间
console-board-col-event = 活动
console-board-col-where = 地点
console-board-col-places = 名额
console-board-event-open = 不限人数
console-board-event-places = 还剩{ $left }个（共{ $capacity }个）
console-board-brand = 邻里公示栏
