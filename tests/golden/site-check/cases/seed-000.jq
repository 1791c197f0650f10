# 000 with the test rules: the slot named, the brand in the organisation's name found.
([.files[].findings[] | select(.id == "spam.injected" and (.message | contains("“信息公开”的位置")))] | length == 1)
and ([.files[].findings[] | select(.id == "spam.brand-in-organ-name")] | length >= 1)
