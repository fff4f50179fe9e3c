## 个人信息告知与同意；单位管理员只看到打码的姓名

consent-notice =
    您好！欢迎使用“邻里”社区服务。开始前，请先看看我们怎样用您的信息：
    · 谁在管：{ $operator }。
    · 记下什么：您选的社区和楼栋，微信或 Telegram 给的昵称，您在这里办的事（预约、报名、建议）。手机号只在集市报摊时才问。
    · 为什么：为了给您办事、发通知和提醒。不卖给别人，不做广告。
    · 记多久：没办完的对话{ $conversation_days }天后删掉；发给您的消息内容{ $push_days }天后删掉；工作人员的操作记录留{ $audit_years }年。
    · 学校、医院等单位的管理员只看到预约码、时间和打码的名字（如“张*”）。
    · 有问题：菜单里“联系居委会”可以找到工作人员。
consent-operator-default = 您所在社区的居民委员会
consent-notice-names = 下面这些场地凭名字入场，管理员会看到您的名字：{ $facilities }。
consent-notice-link = 完整说明：{ $url }
consent-ask = 同意请选“同意”（第{ $version }版说明）{ $buttons ->
        [tap] 。
       *[number] ，或回复数字1。
    }
consent-agree = 同意
consent-refuse = 不同意
consent-hint = { $buttons ->
        [tap] 请点“同意”或“不同意”。
       *[number] 请回复1（同意）或2（不同意）。
    }
consent-updated = 我们的个人信息说明有更新，请再看一下。
consent-thanks = 谢谢！已记下您同意。
consent-refused = 好的，我们没有记下您的任何信息。想用的时候，再发任何一条消息，同意后就能开始。
consent-refused-kept = 好的。同意新的说明之前，我们不再为您办事，也不记下新的信息。您原来的资料还在；想删掉请联系居委会工作人员。想用的时候，再发任何一条消息。
privacy-phone-why = 为什么要手机号：集市当天工作人员可能要联系您（摊位调整、取消）。只有工作人员能看到完整号码。
privacy-checked-in-name = 预约人：{ $name }
privacy-names-masked = 为保护隐私，名字只显示第一个字。
report-column-booker = 预约人
