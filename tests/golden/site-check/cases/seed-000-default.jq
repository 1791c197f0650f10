# 000: every 信息公开 replaced by 万博体育3.0手机版; the slot is named.
([.files[].findings[] | select(.id == "spam.injected" and (.message | contains("“信息公开”的位置")))] | length == 1)
and ([.files[].findings[] | select(.severity == "veto")] | length >= 1)
