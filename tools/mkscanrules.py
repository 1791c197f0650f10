#!/usr/bin/env python3
"""mkscanrules.py: writes data/embed/site-rules.tsv, the default rule set of the content
check (text/scan.h), from
  tools/site-rules-base.tsv      the hand-written rules (copied first, as they are);
  data/embed/pinyin-readings.txt homophones (readings without tones) for the generated
                                 single-character variants of leader and organ names;
  data/embed/spam-vocab.tsv      the gambling brands (kind "brand"), reused as they are;
  data/embed/t2s-chars.tsv       so that no variant folds back to the right name;
and the lists below. Generated variants use only characters of GB 2312 level 1 (the 3,755
common characters: rare characters are not what a clerk types by mistake), replace one
character, and are left out when they are in the hand-written part, when they occur in
the clean texts of the repository (an ordinary word, not a misspelling) or are listed in
STOP. Run from the repository root: python3 tools/mkscanrules.py
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Members of the Political Bureau Standing Committee of the 20th Central Committee and the
# Vice-President (state leaders in office, 2022–), with the readings of their characters.
# Two-character names vary only in the given name (李X): a changed surname gives ordinary
# words too often (能力强, 这里强调).
LEADERS = [
    ("xjp", "习近平", "xi jin ping"),
    ("lq", "李强", "li qiang"),
    ("zlj", "赵乐际", "zhao le ji"),
    ("whn", "王沪宁", "wang hu ning"),
    ("cq", "蔡奇", "cai qi"),
    ("dxx", "丁薛祥", "ding xue xiang"),
    ("lx", "李希", "li xi"),
    ("hz", "韩正", "han zheng"),
]

# Shape-alike characters (形近字) of the name characters, hand-picked.
SHAPES = {
    "习": "刁", "平": "乎干苹", "宁": "宇守", "祥": "详样", "乐": "东尔", "际": "标陆",
    "奇": "寄骑", "希": "布稀", "强": "虽", "正": "止", "沪": "护泸", "薛": "萨",
    "近": "进返", "丁": "于", "赵": "起", "王": "玉", "蔡": "祭", "李": "季", "韩": "朝",
}

# Names of the country and key organs: (slug, name, readings, severity).
ORGANS = [
    ("country", "中华人民共和国", "zhong hua ren min gong he guo", "单项否决"),
    ("cpc", "中国共产党", "zhong guo gong chan dang", "单项否决"),
    ("npc", "全国人民代表大会", "quan guo ren min dai biao da hui", "扣分"),
    ("npcsc", "全国人民代表大会常务委员会", "quan guo ren min dai biao da hui chang wu wei yuan hui", "扣分"),
    ("cppcc", "中国人民政治协商会议", "zhong guo ren min zheng zhi xie shang hui yi", "扣分"),
    ("sc", "国务院", "guo wu yuan", "疑似"),
    ("cc", "中共中央", "zhong gong zhong yang", "疑似"),
    ("cmc", "中央军事委员会", "zhong yang jun shi wei yuan hui", "扣分"),
    ("spc", "最高人民法院", "zui gao ren min fa yuan", "扣分"),
    ("spp", "最高人民检察院", "zui gao ren min jian cha yuan", "扣分"),
    ("nsc", "国家监察委员会", "guo jia jian cha wei yuan hui", "扣分"),
    ("ccdi", "中央纪律检查委员会", "zhong yang ji lv jian cha wei yuan hui", "扣分"),
]

# Variants that are ordinary text although the clean texts do not show it.
STOP = {"韩政", "韩征", "李西", "国务员", "中共中洋", "蔡起", "蔡其", "李喜", "李溪", "李奇",
        "蔡琪", "蔡齐", "李蔷", "李墙", "韩证", "韩峥", "韩争", "韩铮", "李锵", "李枪", "李熙",
        "李席", "李息", "李稀", "李夕", "李悉", "李吸", "李习", "李戏", "李细", "李系", "李惜",
        "李锡", "李牺", "李晰", "李昔", "李袭", "李洗", "李兮", "李携", "李嘻", "李僖",
        "李禧", "李樨", "李翕", "李隙", "李布", "蔡骑", "蔡寄", "蔡祈", "蔡祺", "蔡旗",
        "蔡期", "蔡启", "蔡歧", "蔡棋", "蔡岐", "蔡麒", "蔡琦", "蔡淇", "蔡崎", "蔡七",
        "蔡妻", "蔡戚", "蔡栖", "蔡凄", "蔡欺", "蔡漆", "蔡柒", "蔡沏", "蔡祁", "蔡乞",
        "蔡企", "蔡岂", "蔡气", "蔡汽", "蔡器", "蔡弃", "蔡契", "蔡砌", "蔡泣", "蔡迄",
        "韩止", "韩睁", "韩狰", "韩筝", "韩蒸", "韩拯", "韩整", "韩症", "韩郑", "韩挣", "韩政府"}

# Spam domains: copies of government pages with injected gambling or porn text, as
# recorded in the research notes (§2.5) — facts, our own list.
DOMAINS = ["bjadzs.com", "cqlagm.com", "616o.net", "ieain.com", "ezzigo.com",
           "0371rykj.com", "nxos.com.cn", "av069.com", "hfzxmc.com", "a4r7vo.cn"]

# Gambling and porn vocabulary (§2.6): veto where it is advertising copy; suspect where
# notices against gambling, porn or fraud use the word too.
VOCAB = [
    ("gambling", "单项否决", "百家乐 真人视讯 真人娱乐 注册即送 首存送 线上赌场 网上赌场 时时彩 "
     "亚盘 体育投注 足球投注 博彩平台 赌球网站 澳门赌场 在线赌场 北京赛车pk10 "
     "娱乐平台注册 棋牌游戏下载 电子游艺"),
    ("gambling", "疑似", "博彩 六合彩 老虎机 彩金 返水 滚球 娱乐城 买球 赌球 彩票软件"),
    ("porn", "单项否决", "一区二区 三区四区 无码 人妻 av女优 成人视频 日韩无码 国产自拍 "
     "自拍偷拍 约炮 一本道 成人影院 色情网站入口"),
    ("porn", "疑似", "黄片 毛片 裸聊 福利视频"),
    ("other", "疑似", "代开发票 传奇私服 高利贷 校园贷"),
]

AMBIGUOUS_BRANDS = {"必威": "疑似", "kaiyun": "疑似", "雷速体育": "疑似", "金年会": "疑似",
                    "新葡京": "疑似"}


def common_chars():
    out = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def read_lines(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read().splitlines()


def clean_text():
    """The repository's clean Chinese text: the clean seed and corpus, the docs, sources."""
    parts = []
    for d, exts in (("tests/data/corpus", (".txt", ".md")), ("docs", (".md",)),
                    ("src", (".c", ".h")), ("data/embed", (".txt", ".tsv"))):
        for base, _, files in os.walk(os.path.join(ROOT, d)):
            for fn in files:
                if fn.endswith(exts) and fn != "site-rules.tsv":
                    with open(os.path.join(base, fn), encoding="utf-8", errors="ignore") as f:
                        parts.append(f.read())
    for fn in os.listdir(os.path.join(ROOT, "tests/data/seeds")):
        if fn.startswith("001_"):
            with open(os.path.join(ROOT, "tests/data/seeds", fn), encoding="utf-8") as f:
                parts.append(f.read())
    return "\n".join(parts)


def main():
    readings = {}
    for line in read_lines("data/embed/pinyin-readings.txt"):
        if "\t" in line and not line.startswith("#"):
            r, chars = line.split("\t", 1)
            readings[r.strip()] = chars
    t2s = {}
    for line in read_lines("data/embed/t2s-chars.tsv"):
        if "\t" in line and not line.startswith("#"):
            a, b = line.split("\t", 1)
            t2s[a] = b
    fold = lambda s: "".join(t2s.get(c, c) for c in s)
    common = common_chars()
    base = read_lines("tools/site-rules-base.tsv")
    taken = set()
    for line in base:
        f = line.split("\t")
        if len(f) >= 3 and not line.startswith(("#", "!")):
            taken.add(fold(f[2]).lower())
    clean = clean_text()
    out = list(base)
    skipped = []

    def variants(name, reads, positions):
        rs = reads.split()
        assert len(rs) == len(name), name
        seen = []
        for i in positions:
            cands = [c for c in readings.get(rs[i], "") if c in common]
            cands += list(SHAPES.get(name[i], ""))
            for c in cands:
                v = name[:i] + c + name[i + 1:]
                fv = fold(v)
                if c == name[i] or fv == fold(name) or fv in taken or v in seen:
                    continue
                if v in STOP or any(s in v for s in STOP if len(s) > 2) or v in clean:
                    skipped.append(v)
                    continue
                seen.append(v)
        return seen

    out.append("#")
    out.append("# --- generated by tools/mkscanrules.py: one-character variants (homophones from")
    out.append("# pinyin-readings.txt, shape-alikes) of the names of state leaders in office ---")
    for slug, name, reads in LEADERS:
        pos = range(1, len(name)) if len(name) == 2 else range(len(name))
        for k, v in enumerate(variants(name, reads, pos), 1):
            out.append(f"wording.leader-name.{slug}.g{k}\t疑似\t{v}\t{name}\t\t\t"
                       "党和国家领导人姓名疑似写错（同音或形近字）")
            taken.add(fold(v))
    out.append("#")
    out.append("# --- generated: one-character variants of the names of the country and key organs ---")
    for slug, name, reads, sev in ORGANS:
        for k, v in enumerate(variants(name, reads, range(len(name))), 1):
            what = "国名" if slug == "country" else "机构名称"
            out.append(f"wording.organ-name.{slug}.g{k}\t{sev}\t{v}\t{name}\t\t\t"
                       f"{what}写错（同音或形近字）")
            taken.add(fold(v))
    out.append("#")
    out.append("# --- gambling brands (data/embed/spam-vocab.tsv, kind brand) ---")
    k = 0
    for line in read_lines("data/embed/spam-vocab.tsv"):
        f = line.split("\t")
        if len(f) == 2 and f[0] == "brand" and fold(f[1]).lower() not in taken:
            k += 1
            sev = AMBIGUOUS_BRANDS.get(f[1], "单项否决")
            out.append(f"spam.brand.g{k}\t{sev}\t{f[1]}\t删除\t\t\t赌博网站名称（镜像篡改常见）")
            taken.add(fold(f[1]).lower())
    out.append("#")
    out.append("# --- gambling and porn vocabulary ---")
    for kind, sev, words in VOCAB:
        for w in words.split():
            if fold(w).lower() in taken:
                continue
            k += 1
            label = {"gambling": "赌博", "porn": "色情", "other": "违法广告"}[kind]
            out.append(f"spam.{kind}.w{k}\t{sev}\t{w}\t删除\t\t\t{label}用语")
            taken.add(fold(w).lower())
    out.append("#")
    out.append("# --- spam domains (mirrors of government pages with injected text) ---")
    for i, d in enumerate(DOMAINS, 1):
        out.append(f"spam.domain.d{i}\t单项否决\t{d}\t删除链接\t\t\t赌博、色情镜像站域名")
    with open(os.path.join(ROOT, "data/embed/site-rules.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    n = sum(1 for l in out if l and not l.startswith(("#", "!")))
    print(f"site-rules.tsv: {n} rules; {len(skipped)} variants left out as ordinary text",
          file=sys.stderr)


if __name__ == "__main__":
    main()
