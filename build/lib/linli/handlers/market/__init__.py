"""睦邻集市: market days, stall sign-up, the lottery, and the 社区发展基金 ledger."""
