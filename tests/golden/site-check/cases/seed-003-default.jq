# 003: 习近平 replaced by 188比分直播: and 中央 by 雷速体育:; both slots named.
([.files[].findings[] | select(.id == "spam.injected" and (.message | contains("“习近平”的位置")))] | length == 1)
and ([.files[].findings[] | select(.id == "spam.injected" and (.message | contains("“中央”的位置")))] | length == 1)
