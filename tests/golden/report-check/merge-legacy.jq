.format == "legacy" and (.legacy | length) == 88 and .legacy[1].value == 792 and .legacy[0].value == null
