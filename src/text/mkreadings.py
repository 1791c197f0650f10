#!/usr/bin/env python3
# mkreadings.py: regenerates data/embed/pinyin-readings.txt from the Unicode Han database.
# Source: Unihan_Readings.txt of Unicode 15.0.0 as shipped by Debian's `unicode-data` package
# (/usr/share/unicode/Unihan_Readings.txt.bz2). Fields used: kMandarin, kHanyuPinyin, kXHC1983,
# kHanyuPinlu, kTGHZ2013. Output: one line per toneless syllable (ü written v), then a tab, then
# every character that has that reading. The gloss remover (src/text/gloss.c) uses it to accept
# "發(fā)" only when fa is a reading of 發.
#   usage: src/text/mkreadings.py /usr/share/unicode/Unihan_Readings.txt.bz2 > data/embed/pinyin-readings.txt
import bz2, re, sys, unicodedata

FIELDS = {"kMandarin", "kHanyuPinyin", "kXHC1983", "kHanyuPinlu", "kTGHZ2013"}

def toneless(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = s.replace("u\u0308", "v")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("ü", "v")

def main():
    readings = {}
    with bz2.open(sys.argv[1], "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field not in FIELDS:
                continue
            ch = chr(int(cp[2:], 16))
            for word in re.split(r"[\s,]+", value):
                word = re.sub(r"\(\d+\)$", "", word)  # kHanyuPinlu frequency
                if ":" in word:
                    word = word.split(":", 1)[1]
                for syl in word.split(","):
                    syl = toneless(syl)
                    if re.fullmatch(r"[a-z]{1,6}", syl):
                        readings.setdefault(syl, set()).add(ch)
    for syl in sorted(readings):
        print(syl + "\t" + "".join(sorted(readings[syl])))

main()
