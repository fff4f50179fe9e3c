"""The public 公示 board: a read-only page per 社区 and its chat entry."""
