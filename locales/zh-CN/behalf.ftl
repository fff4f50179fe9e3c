# 代办：工作人员为没有智能手机的居民办理

staff-behalf = 代办
behalf-home = 代办：为没有智能手机的居民登记、预约、报名、支持金点子。本社区已登记{ $count }位居民。
behalf-register = 登记居民
behalf-act = 为居民办理
behalf-withdraw = 撤回同意
behalf-ask-name = 请输入居民的姓名（最多{ $limit }个字）。
behalf-bad-name = 姓名请输入1到{ $limit }个字。
behalf-ask-room = 请输入楼栋和房号，例如：3栋2单元401。
behalf-bad-room = 楼栋和房号请输入1到{ $limit }个字。
behalf-ask-phone = 居民的电话（可不填）。只有居民同意时才填写，用于工作人员打电话告诉他办理结果。不填请选“跳过”。
behalf-skip-phone = 跳过
behalf-bad-phone = 电话只能有数字，请重新输入，或回复“跳过”。
behalf-ask-how = 居民是怎样同意由工作人员代办的？
behalf-how-in-person = 本人在场
behalf-how-phone = 电话同意
behalf-how-written = 书面同意
behalf-confirm = 请核对：
    姓名：{ $name }
    房号：{ $room }
    电话：{ $phone }
    同意方式：{ $how }
behalf-no-phone = 未填写
behalf-confirm-yes = 确认登记
behalf-registered = 已登记{ $name }。以后可以在“代办”里选“为居民办理”。
behalf-ask-find = 请输入居民的姓名或房号。
behalf-none-found = 本社区没有找到这位居民，请换个姓名或房号再试。
behalf-pick = 请选择居民：
behalf-resident = { $name }（{ $room }）
behalf-started = 现在开始为{ $name }代办。办完请选“结束代办”。
behalf-banner = 【正在为{ $name }代办】
behalf-end = 结束代办
behalf-ended = 已结束为{ $name }代办。
behalf-not-acting = 您现在没有在代办。
behalf-no-consent = { $name }没有同意代办，或已撤回同意，不能代办。
behalf-ended-refused = 代办已结束：您不能为这位居民办理。
behalf-withdraw-ask = { $name }（{ $room }）撤回代办同意？撤回后，工作人员不能再为其办理。
behalf-withdraw-yes = 确认撤回
behalf-withdrawn = 已记录：{ $name }撤回了代办同意。
behalf-someone = 社区工作人员
behalf-told = 社区工作人员{ $staff }为您办理了：
behalf-did-book = 预约了{ $facility }，{ $at }
behalf-did-cancel = 取消了{ $facility }的预约，{ $at }
behalf-did-support = 支持了金点子“{ $title }”
behalf-did-apply = 报名了集市摊位
hint-not-while-acting = 代办时不能用这个功能。请先选“结束代办”。
audit-behalf-register = 代办：登记居民
audit-behalf-start = 代办：开始
audit-behalf-end = 代办：结束
audit-behalf-act = 代办：为居民办理
audit-behalf-withdraw = 代办：撤回同意
behalf-ended-idle = 超过30分钟没有操作，代办已自动结束。
behalf-already = { $name }（{ $room }）已经登记过了，可以直接选“为居民办理”。
