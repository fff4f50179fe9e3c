"""数据图表: labelled charts of bookings, 金点子, market days and the fund, each with its CSV."""
