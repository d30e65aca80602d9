"""Word paragraph styles, outline levels and automatic list numbering, rendered as text.

Reports number their headings with Word's automatic numbering as often as by hand; a
reader sees `4、` either way, so the parser renders the number the way Word would and
keeps it beside the text (`Paragraph.numbering`).
"""
from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VAL = "{%s}val" % W


def q(tag: str) -> str:
    return "{%s}%s" % (W, tag)


PPR, PSTYLE, OUTLINE, NUMPR = q("pPr"), q("pStyle"), q("outlineLvl"), q("numPr")
CHINESE_DIGITS = "零一二三四五六七八九"
HEADING_RE = re.compile(r"^(heading|标题)\s*(\d)$", re.I)


def chinese_number(n: int) -> str:
    """1..99 in Chinese counting (十, 十一, 二十一); larger numbers as digits."""
    if n <= 0 or n >= 100:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")


def roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": chinese_number,
    "taiwaneseCounting": chinese_number,
    "taiwaneseCountingThousand": chinese_number,  # LibreOffice's name for 一、二、 after a .doc
    "upperLetter": letters,
    "lowerLetter": lambda n: letters(n).lower(),
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


class Numbering:
    """Style names, outline levels and list counters for one document."""

    def __init__(self, styles=None, abstract=None, nums=None):
        self.styles = styles or {}      # styleId -> (name, outline level, (numId, ilvl))
        self.abstract = abstract or {}  # abstractNumId -> {ilvl: (fmt, lvlText, start)}
        self.nums = nums or {}          # numId -> abstractNumId
        self.counters = {}              # abstractNumId -> [counter per level]

    @classmethod
    def from_roots(cls, root, nroot) -> "Numbering":
        """From the parsed styles and numbering parts (either may be None)."""
        styles = {}
        if root is not None:
            for st in root.findall(q("style")):
                sid = st.get(q("styleId"))
                name_el = st.find(q("name"))
                name = name_el.get(VAL) if name_el is not None else sid
                ppr = st.find(q("pPr"))
                styles[sid] = (name, _outline(ppr, name), _numpr(ppr))
        abstract, nums = {}, {}
        if nroot is not None:
            for an in nroot.findall(q("abstractNum")):
                levels = {}
                for lvl in an.findall(q("lvl")):
                    ilvl = int(lvl.get(q("ilvl"), "0"))
                    fmt = _val(lvl.find(q("numFmt")), "decimal")
                    text = _val(lvl.find(q("lvlText")), "")
                    start = int(_val(lvl.find(q("start")), "1") or 1)
                    levels[ilvl] = (fmt, text, start)
                abstract[an.get(q("abstractNumId"))] = levels
            for num in nroot.findall(q("num")):
                nums[num.get(q("numId"))] = _val(num.find(q("abstractNumId")), None)
        return cls(styles, abstract, nums)

    def static(self) -> tuple:
        """The parts that do not change while a document is read (for caching)."""
        return self.styles, self.abstract, self.nums

    def describe(self, p):
        """(style name, outline level, rendered numbering) of a w:p element."""
        ppr = p.find(PPR)
        if ppr is None:
            return None, None, None
        style_id = own_level = numpr = None
        for child in ppr:  # one pass over the properties: this runs for every paragraph
            tag = child.tag
            if tag == PSTYLE:
                style_id = child.get(VAL)
            elif tag == OUTLINE:
                own_level = _outline(ppr, None)
            elif tag == NUMPR:
                numpr = _numpr(ppr)
        name, level, style_num = self.styles.get(style_id, (style_id, None, None))
        if own_level is not None:
            level = own_level
        numpr = numpr or style_num
        return name, level, self.render(*numpr) if numpr else None

    def render(self, num_id, ilvl):
        abs_id = self.nums.get(num_id)
        levels = self.abstract.get(abs_id)
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(abs_id, {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def sub(m):
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1))
            n = counters.get(k, lf[2])
            return FORMATS.get(lf[0], str)(n)

        return re.sub(r"%(\d)", sub, text) or None


def _val(el, default):
    return el.get(VAL, default) if el is not None else default


def _outline(ppr, style_name):
    if ppr is not None:
        node = ppr.find(q("outlineLvl"))
        if node is not None:
            try:
                lvl = int(node.get(VAL))
                return lvl if lvl < 9 else None
            except (TypeError, ValueError):
                return None
    if style_name:
        m = HEADING_RE.match(style_name.strip())
        if m:
            return int(m.group(2)) - 1
    return None


def _numpr(ppr):
    if ppr is None:
        return None
    numpr = ppr.find(q("numPr"))
    if numpr is None:
        return None
    num_id = _val(numpr.find(q("numId")), None)
    if num_id in (None, "0"):
        return None
    try:
        ilvl = int(_val(numpr.find(q("ilvl")), "0"))
    except ValueError:
        ilvl = 0
    return num_id, ilvl
