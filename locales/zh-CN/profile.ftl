## 首次使用、我的资料、语言、邀请码、角色

onboarding-welcome = 您好！欢迎使用“邻里”社区服务。
onboarding-pick-community = 请选择您住的社区{ $buttons ->
        [tap] （点一下）：
       *[number] （回复数字）：
    }
onboarding-pick-hint = { $buttons ->
        [tap] 请点您住的社区。
       *[number] 请回复社区前面的数字。
    }
onboarding-switch-language = English
onboarding-ask-place = 您住在哪个小区、哪栋楼？选好后，发给您这栋楼的通知（如停水）才能收到。不想说可以选“跳过”。
onboarding-skip = 跳过
onboarding-place-skipped = 好的，先不填。以后可以在“我的资料”里选小区/楼栋。

profile-card = 我的资料
    社区：{ $community }
    小区/楼栋：{ $building }
    语言：{ $language }
profile-role-line = 身份：{ $community } { $role } { $unit }
profile-not-set = 未填写
profile-change-community = 更换社区
profile-change-building = 选择小区/楼栋
profile-change-language = 语言 Language
profile-enter-invite = 输入邀请码
profile-pick-community = 请选择社区：
profile-pick-compound = 请选择小区：
profile-pick-building = 请选择楼栋：
profile-no-places = 这个社区还没有登记小区和楼栋。
profile-community-set = 好的，您的社区是：{ $community }。
profile-building-set = 已保存：{ $building }。
profile-language-ask = 请选择语言 / Choose a language:
profile-language-set = 好的，以后用中文和您交流。

lang-name-zh = 中文
lang-name-en = English

invite-ask = 请输入工作人员给您的邀请码：
invite-usage = 请这样发送：/join 邀请码
invite-invalid = 邀请码不对，请核对后再输入。
invite-expired = 这个邀请码已经过期，请找工作人员要新的。
invite-used-up = 这个邀请码已经用过了，请找工作人员要新的。

role-staff = 社区工作人员
role-operator = 单位联系人
role-granted-staff = 您已成为“{ $community }”的社区工作人员。主菜单里可以进入“社区管理”。
role-granted-operator = 您已成为“{ $unit }”的联系人（{ $community }）。
profile-topics = 消息设置
role-revoked = 您在{ $community }的身份（{ $role }）已经收回。有疑问请联系社区。
onboarding-place-set = 好的，您的社区是：{ $community }，住在{ $building }。不对的话可以在“我的资料”里改。
