menu-contact = 联系居委会
staff-contact = 居委会联系方式
contact-card =
    { $community }居委会
    地址：{ $address }
    办公时间：{ $hours }
    电话：{ $phone }
contact-none = { $community }居委会还没有填写联系方式。
contact-unset = 未填写
contact-address = 地址
contact-hours = 办公时间
contact-phone = 电话
contact-change = 改{ $item }
contact-ask = 请输入新的{ $item }，最多{ $limit }个字。输入“无”可以清空。
contact-saved = { $item }已保存，居民马上能看到。
contact-too-long = 请输入1到{ $limit }个字。
contact-bad-phone = 电话只能有数字、空格、“-”、括号和“转”，例如 0531-88888888 转 2。
