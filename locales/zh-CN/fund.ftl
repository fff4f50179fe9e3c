## 社区发展基金

fund-bad-entry = 账目信息不对：收入要选来源，金额不能为 0，用途要写。
fund-needs-approval = 支出要写明批准的基金管委会。
fund-balance = 社区发展基金：结余 { $balance } 元（累计收入 { $income }，支出 { $spending }）
fund-month = { $month }：收入 { $income } 元，支出 { $spending } 元
fund-source-line = 收入来源 · { $source }：{ $amount } 元
fund-spending-line = 支出 { $day }：{ $amount } 元，{ $purpose }（{ $approved }批准）
fund-source-stall-fee = 摊位费
fund-source-pledge = 摊主捐赠的收入分成
fund-source-donation = 捐赠
fund-months = 按月明细
fund-empty = 基金还没有账目。
fund-add-income = 记一笔收入
fund-add-spending = 记一笔支出
fund-export = 导出 CSV
fund-exported = 基金账目已导出。
fund-ask-source = 收入来源？
fund-ask-amount = 金额多少元？如 120.50
fund-ask-purpose = 请写明用途或说明：
fund-ask-approver = 由谁批准？（基金管委会）
fund-saved = 已记账 #{ $id }：{ $amount } 元。账目只能追加，不能修改。
