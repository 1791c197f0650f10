# 001 is a clean report: no finding at all with the default rules.
.summary.findings == 0 and .summary.unreadable == 0
