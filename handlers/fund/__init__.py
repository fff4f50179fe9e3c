"""社区发展基金: the open ledger, its screens and its rules."""
