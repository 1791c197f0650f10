#!/usr/bin/env python3
"""bad.py OUTDIR: writes the refusal fixtures of this suite (run by make.sh), each NAME.EXT
with NAME.want (line 1: the exit status, line 2: words the one-line reason must hold):
  bad-truncated.docx  a .docx cut short (its zip directory lost)
  bad-nobody.docx     a zip naming word/document.xml in [Content_Types].xml but without it
  bad-bomb.docx       a 20 KB .docx whose word/document.xml unpacks to 24 MB
  bad-laughs.docx     a document.xml with a DTD defining nested entities
  bad-empty.docx      a document whose paragraphs are all empty
  bad-encrypted.docx  what Office writes for a password-protected .docx: a compound file
                      holding EncryptionInfo and EncryptedPackage (built here by hand, the
                      streams random bytes: the reader must refuse it from the directory)"""
import os
import random
import struct
import sys
import zipfile

out = sys.argv[1]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "docx-2023.docx")

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="applic'
      'ation/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def want(name, status, words):
    open(os.path.join(out, name + ".want"), "w", encoding="utf-8").write(
        "%d\n%s\n" % (status, words))


def docx(name, parts, stored=False):
    with zipfile.ZipFile(os.path.join(out, name + ".docx"), "w",
                         zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for n, body in parts:
            z.writestr(n, body)


data = open(src, "rb").read()
open(os.path.join(out, "bad-truncated.docx"), "wb").write(data[:8000])
want("bad-truncated", 2, "已损坏")

docx("bad-nobody", [("[Content_Types].xml", CT), ("word/styles.xml", "<w:styles %s/>" % W)],
     stored=True)
want("bad-nobody", 2, "没有正文")

body = ('<w:document %s><w:body><w:p><w:r><w:t>' % W) + " " * (24 << 20) + \
    "</w:t></w:r></w:p></w:body></w:document>"
docx("bad-bomb", [("[Content_Types].xml", CT), ("word/document.xml", body)])
want("bad-bomb", 2, "解压后过大")

laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
          + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10)
                    for i in range(8))
          + ']><w:document %s><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body>'
          '</w:document>' % W)
docx("bad-laughs", [("[Content_Types].xml", CT), ("word/document.xml", laughs)])
want("bad-laughs", 2, "文档类型定义")

empty = '<w:document %s><w:body><w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>' \
    '<w:sectPr/></w:body></w:document>' % W
docx("bad-empty", [("[Content_Types].xml", CT), ("word/document.xml", empty)])
want("bad-empty", 2, "没有文字")

# A compound file (version 3, 512-byte sectors): header, FAT (sector 0), directory (sector 1),
# then the two streams, 4096 bytes each (not in the mini stream).
rnd = random.Random(13)
streams = [("EncryptionInfo", bytes(rnd.getrandbits(8) for _ in range(4096))),
           ("EncryptedPackage", bytes(rnd.getrandbits(8) for _ in range(8192)))]
END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
fat = [FATSECT, END]
starts = []
for _, d in streams:
    n = len(d) // 512
    starts.append(len(fat))
    fat += [len(fat) + i + 1 for i in range(n - 1)] + [END]
fat += [FREE] * (128 - len(fat))
hdr = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 + struct.pack(
    "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, END, 0, END, 0)
hdr += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108


def entry(name, kind, left, right, child, start, size):
    n = name.encode("utf-16-le") + b"\0\0"
    return (n.ljust(64, b"\0") + struct.pack("<HBBIII", len(n), kind, 1, left, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IIi", start, size, 0))


dirs = entry("Root Entry", 5, FREE, FREE, 1, END, 0)
dirs += entry(streams[0][0], 2, FREE, 2, FREE, starts[0], len(streams[0][1]))
dirs += entry(streams[1][0], 2, FREE, FREE, FREE, starts[1], len(streams[1][1]))
dirs += b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, FREE, FREE, FREE) + b"\0" * 48
assert len(hdr) == 512 and len(dirs) == 512
ole = hdr + struct.pack("<128I", *fat) + dirs + b"".join(d for _, d in streams)
open(os.path.join(out, "bad-encrypted.docx"), "wb").write(ole)
want("bad-encrypted", 2, "已加密")
