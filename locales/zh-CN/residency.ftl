# 住址确认（户）：门牌邀请码、楼栋二维码、居委会确认

residency-needed = 附议、举报和申请摊位，需要先确认您住在本社区。请在“我的”里点“输入门牌邀请码”（居委会发的），或扫楼里贴的二维码；也可以在那里请居委会确认。看看和预约场地不受影响。
residency-code-ask = 请输入居委会给您的门牌邀请码（例如 XHS2301）。没有的话，可以请居委会确认：
residency-ask-staff = 请居委会确认
residency-asked-staff = 已经请居委会确认，确认后会通知您。
residency-code-invalid = 这个门牌邀请码不对，请核对后再输入。没有改动任何信息。
residency-code-expired = 这个门牌邀请码已经过期了，请向居委会要一个新的。没有改动任何信息。
residency-code-used-up = 这个门牌邀请码已经用完了，请向居委会要一个新的。
residency-confirmed = 住址已确认：{ $community } { $household }。现在可以附议、举报和申请摊位了。
residency-moved = 您换了社区。原社区里您的附议（{ $supports }个）和举报（{ $reports }个）已经撤回。请在新社区重新确认住址。
residency-change-too-soon = 社区不能频繁更换，{ $day }以后才能再换。
residency-approved = 居委会已确认您住在{ $community }。现在可以附议、举报和申请摊位了。
residency-refused = { $community }居委会没有确认您的住址。如有疑问，请联系居委会。
residency-status-confirmed = 住址：已确认（{ $household }）
residency-status-pending = 住址：等待确认
residency-status-refused = 住址：居委会未确认
residency-status-none = 住址：未确认
profile-household-code = 输入门牌邀请码
booking-quota-household = 您家（同一户）在这个场地已有{ $limit }个预约，用完或取消后才能再约。

staff-residents = 居民确认
staff-residents-waiting = 有{ $count }位居民等待确认住址（点“居民确认”）。
residents-title = 等待确认住址的居民（{ $count }位）。选一位：
residents-none = 现在没有等待确认的居民。
residents-gone = 这位居民已经不在等待名单上了。
residents-card = { $name } · 等待确认，从{ $since }开始
residents-decide = 确认他/她住在本社区吗？
residents-approve = 确认
residents-refuse = 不确认
residents-approved = 已确认，已通知这位居民。
residents-refused = 已标为不确认，已通知这位居民。
audit-household-code = 发放门牌邀请码
audit-residency-confirm = 确认住址
audit-residency-refuse = 不确认住址

cli-household-code = 门牌邀请码：{ $code }（{ $community } { $household }，{ $days }天内有效，可用{ $uses }次）
cli-household-link = Telegram 链接：{ $link }
cli-household-scene = 微信二维码参数（scene）：{ $scene }
cli-household-no-code = 没有这个门牌邀请码：{ $code }
cli-household-no-bot = 没有设置 LINLI_TELEGRAM_BOT_USERNAME，不能生成 Telegram 链接；start 参数：{ $scene }
