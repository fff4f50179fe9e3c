## The staff web console: signing in from chat, the frame of every page, 待办.

staff-console = 网页工作台
console-link = 网页工作台登录链接（{ $minutes }分钟内有效，只能用一次）：
    { $url }
    请在电脑或手机浏览器打开。不要转给别人。
console-link-staff-only = 网页工作台只给社区工作人员和场地管理员用。
console-link-off = 网页工作台没有开通，请联系系统管理员。

console-brand = 邻里工作台
console-skip = 跳到正文
console-communities = 社区
console-menu = 栏目
console-sign-out = 退出
console-yuan = 元

console-signin-title = 登录工作台
console-signin-intro = 点下面的按钮登录。这个链接只能用一次。
console-signin-button = 登录
console-link-gone-title = 链接不能用了
console-link-gone = 这个链接已经用过或过期了。请在聊天里发 /console 再要一个。
console-signed-out-title = 请先登录
console-signed-out = 还没有登录，或者登录已过期。请在聊天里发 /console 要一个登录链接。
console-role-ended-title = 已退出
console-role-ended = 您的工作人员身份已经撤销，已自动退出。
console-csrf-title = 没有保存
console-csrf = 这个表单已经失效，没有保存。请回到上一页刷新后再试。
console-forbidden-title = 不能查看
console-forbidden = 您没有这个社区或场地的权限。
console-not-found-title = 找不到
console-not-found = 找不到这一页。
console-too-big-title = 内容太大
console-too-big = 提交的内容太大了，没有保存。
console-refused-title = 没有办成
console-bye = 已退出。欢迎再来。

console-nav-todo = 待办
console-todo-title = 待办 · { $community }
console-todo-empty = 现在没有等着处理的事。
console-todo-to-schedule = 等待上议事会的金点子
console-todo-to-review = 被举报、已隐藏的金点子
console-todo-requests = 待审批的场地申请
console-todo-applications = 待审核的摆摊报名
console-todo-no-shows = 近30天没来的摊主
console-todo-spending = 等第二人签字的基金支出
console-todo-notices = 正在发送的通知
console-todo-what = 事项
console-todo-waited = 已等
console-todo-delivery = 送达
console-todo-days = { $days ->
    [0] 今天
   *[other] { $days }天
}
console-todo-reports = { $count }次举报
console-todo-needs-other = 要另一位签字
console-todo-progress = 已送达{ $sent }，等待{ $waiting }，失败{ $failed }
console-off-cli = 网页工作台已关闭（LINLI_CONSOLE_ENABLED=false）。
console-serving = 网页工作台：{ $url }/console （按 Ctrl-C 停止）。工作人员在聊天里发 /console 得到登录链接。
console-digest = 待办提醒（{ $community }）：下面的事已经等了{ $days }天以上。
console-digest-line = { $what }：{ $count }件
console-digest-open = 发 /console 得到网页工作台的登录链接。
mydata-section-console-links = 网页工作台登录链接
mydata-section-console-sessions = 网页工作台登录
mydata-console-session = { $when }登录，到{ $until }
