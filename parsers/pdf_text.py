"""Characters to lines to paragraphs, the way a reader reads a PDF page.

Pure geometry, no pdfplumber calls: `make_lines` groups positioned characters (pdfplumber
char dicts) into lines, `group_paragraphs` joins the lines of one region (a table cell or
the page body) into paragraphs. CJK text carries no spaces; a space is kept only between
two Latin/digit tokens separated by a real gap, or where a wide gap (a tab stop) separates
two runs of text. A tab leader (a row of dots filling a tab, as in a table of contents:
`概况 ........ 1`) is the tab it fills, a "\t", and the tab-aligned text after it ends the
line's paragraph. A line that reaches the region's right edge is a visual wrap and
continues on the next line; a short line, a new outline number (一、 （一） 1、 2.), a font
size change or a wide vertical gap starts a new paragraph. A number is never split.
"""
from __future__ import annotations

import re
from statistics import median


def is_latin(ch: str) -> bool:
    """A character of a space-separated script (Latin letters, digits, ASCII punctuation).

    CJK characters, CJK and full-width punctuation, and the general punctuation block
    (— “ ” …) never take spaces around them."""
    o = ord(ch)
    return o < 0x2000 and not ch.isspace()


_NUM_END = set("0123456789.,")
_NUM_START = set("0123456789.,%")
_SENTENCE_END = set("。；！？：;!?:")
_OPEN_BRACKETS = set("（(【[")
_CLOSE_BRACKETS = set("）)】]")
# Line-breaking rules of CJK typesetting (禁则): these may not start, or may not end, a line.
NO_LINE_START = set("，。、；：？！）》”’」』】〕〉…—%,.;:?!)]}·～")
NO_LINE_END = set("（《“‘「『【〔〈([{")
# Glyphs a tab leader is drawn with, and the fewest in a row that make one.
LEADER_GLYPHS = set(".·…．‥・")
MIN_LEADER = 4
OCR_NARROW = 0.55  # width of a digit, Latin letter or ASCII mark, in CJK character widths
OCR_FIT = 0.1     # of the font size: how much less exactly a scan gives a line's ends
LEADER_RUN_RE = re.compile(r"([.·…．‥・])\1{%d,}" % (MIN_LEADER - 1))

OUTLINE_RE = re.compile(
    r"""^\s*(?:
        [一二三四五六七八九十百零〇]+\s*[、．.]          # 一、  二．
      | [（(]\s*[一二三四五六七八九十百零〇\d]+\s*[）)]   # （一） (1)
      | \d{1,3}\s*[、]                                   # 1、
      | \d{1,3}\s*[.．](?!\d)                            # 2.  (not a decimal 2.5)
      | 第[一二三四五六七八九十百\d]+[章节部分条项]      # 第一部分
      | [①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]
      | [\u4e00-\u9fff]{1,4}\d{1,3}\s*[：:]              # 任务1：  指标2：
    )""",
    re.X,
)


class Line:
    """One printed line of text with its geometry."""

    __slots__ = ("x0", "x1", "top", "bottom", "text", "size", "first_w", "page", "ocr")

    def __init__(self, x0, x1, top, bottom, text, size, first_w, page=None, ocr=False):
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.text, self.size, self.first_w, self.page = text, size, first_w, page
        self.ocr = ocr  # read from a scan: geometry known to a point or two

    @property
    def bbox(self) -> tuple:
        return (self.x0, self.top, self.x1, self.bottom)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Line({self.text!r} p{self.page} x{self.x0:.1f}-{self.x1:.1f} y{self.top:.1f})"


def make_lines(chars: list, page: int | None = None) -> list:
    """Group characters into lines, top to bottom, each line left to right.

    Whitespace characters are dropped (gaps are measured instead); a character printed
    twice at nearly the same place (fake bold) is kept once.
    """
    items = []
    for ch in chars:
        text = ch["text"]
        if not text or text.isspace():
            continue
        items.append(((ch["top"] + ch["bottom"]) / 2.0, ch["x0"], ch))
    if not items:
        return []
    items.sort(key=lambda it: (it[0], it[1]))
    lines = []
    group = [items[0][2]]
    ref_cy = items[0][0]
    ref_size = items[0][2]["size"] or 10.0
    for cy, _x, ch in items[1:]:
        size = ch["size"] or ref_size
        if cy - ref_cy > 0.5 * min(size, ref_size):
            lines.append(_build_line(group, page))
            group = [ch]
            ref_cy, ref_size = cy, size
        else:
            group.append(ch)
    lines.append(_build_line(group, page))
    return lines


def _leaders(chars: list) -> set:
    """Indices of the characters that draw a tab leader: a run of at least MIN_LEADER
    identical dot glyphs, packed edge to edge, with text on both sides of it."""
    out = set()
    n = len(chars)
    i = 0
    while i < n:
        t = chars[i]["text"]
        if t not in LEADER_GLYPHS:
            i += 1
            continue
        j = i + 1
        while (j < n and chars[j]["text"] == t
               and chars[j]["x0"] - chars[j - 1]["x1"] < 0.5 * (chars[j]["size"] or 10.0)):
            j += 1
        if j - i >= MIN_LEADER and i > 0 and j < n:
            out.update(range(i, j))
        i = j
    return out


def _build_line(chars: list, page) -> Line:
    chars.sort(key=lambda c: c["x0"])
    leaders = ()
    if len(chars) > MIN_LEADER + 1 and LEADER_RUN_RE.search("".join(c["text"] for c in chars)):
        leaders = _leaders(chars)
    parts = []
    prev = None
    sizes = []
    for k, ch in enumerate(chars):
        text = ch["text"]
        size = ch["size"] or 10.0
        if leaders and k in leaders:
            if k - 1 not in leaders:
                parts.append("\t")  # the tab the leader fills
            prev = ch
            continue
        if prev is not None:
            if (text == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.5 * max(size * 0.5, 1.0)
                    and abs(ch["top"] - prev["top"]) < 0.5 * size):
                continue  # the same glyph printed twice (fake bold, shadow)
            gap = ch["x0"] - prev["x1"]
            if leaders and k - 1 in leaders:
                gap = 0.0  # right after the leader's tab
            if gap > 2.0 * size:
                parts.append(" ")
            elif gap > 0.15 * size and is_latin(prev["text"][-1]) and is_latin(text[0]):
                parts.append(" ")
        parts.append(text)
        sizes.append(size)
        prev = ch
    x0 = min(c["x0"] for c in chars)
    x1 = max(c["x1"] for c in chars)
    top = min(c["top"] for c in chars)
    bottom = max(c["bottom"] for c in chars)
    text = "".join(parts)
    size = max(sizes) if sizes else 10.0
    # Width of the first unbreakable unit: what had to fit at the end of the previous line
    # (opening brackets that may not end a line, one CJK character or a Latin word, and the
    # punctuation that may not start a line).
    i, n = 0, len(chars)
    while i < n - 1 and chars[i]["text"][0] in NO_LINE_END:
        i += 1
    if is_latin(chars[i]["text"][0]):
        j = i + 1
        while j < n and is_latin(chars[j]["text"][0]) and chars[j]["x0"] - chars[j - 1]["x1"] <= 0.15 * size:
            j += 1
    else:
        j = i + 1
    while j < n and (chars[j]["text"][0] in NO_LINE_START or _closing_quote(chars, j)):
        j += 1
    first_w = chars[j - 1]["x1"] - chars[0]["x0"]
    if "confidence" in chars[0]:
        # read by OCR: where one character of a run ends is the engine's estimate (a run
        # printed with wide spacing shares its gaps out), so the unit's width comes from
        # its characters (a CJK one a square, others `OCR_NARROW`), and the ends of a
        # line are known to the ink only: up to `OCR_FIT` wider
        first_w = sum(size * (1.0 if ord(c["text"][0]) >= 0x2000 else OCR_NARROW)
                      for c in chars[:j]) + OCR_FIT * size
    return Line(x0, x1, top, bottom, text, size, first_w, page, "confidence" in chars[0])


def typical_gap(lines: list) -> float:
    """Median vertical gap between consecutive lines on the same page (0 if unknown)."""
    gaps = []
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page:
            g = b.top - a.bottom
            if 0 <= g < 3 * max(a.size, b.size):
                gaps.append(g)
    return median(gaps) if gaps else 0.0


def is_number_break(a: Line, b: Line) -> bool:
    """`a` ends and `b` starts inside one number (1,094.3 / 0)."""
    return bool(a.text) and bool(b.text) and a.text[-1] in _NUM_END and b.text[0] in _NUM_START


def bracket_depth(text: str, depth: int = 0) -> int:
    """Open brackets left after `text` (starting from `depth`)."""
    for ch in text:
        if ch in _OPEN_BRACKETS:
            depth += 1
        elif ch in _CLOSE_BRACKETS and depth > 0:
            depth -= 1
    return depth


def _closing_quote(chars: list, j: int) -> bool:
    """A straight double quote right after a CJK character closes a quote (`公"经费`: a
    scan reads ” as "), so like ” it may not start a line."""
    return chars[j]["text"][0] == '"' and j > 0 and not is_latin(chars[j - 1]["text"][-1])


def continues(a: Line, b: Line, left: float, right: float, gap_limit: float,
              depth: int = 0) -> bool:
    """True when line `b` is the visual continuation of line `a` in the same paragraph.

    `left`/`right` are the region's text edges (cell bbox minus padding, or the page's text
    column); `gap_limit` the vertical gap above which lines belong to different paragraphs;
    `depth` the brackets still open after `a` in its paragraph.
    """
    size = max(a.size, b.size)
    if "\t" in a.text:
        return False  # text set at a tab stop after a leader ends the line's paragraph
    if a.page == b.page:
        gap = b.top - a.bottom
        if gap > gap_limit or gap < -0.5 * size:
            return False
    if abs(a.size - b.size) > 1.5:
        return False
    # Free space on the line: right of it, plus left of it unless that is a first-line
    # indent (the next line then starts at the left edge). A centred line that wrapped has
    # little space on both sides; a short centred line is not a wrap.
    room = right - a.x1
    left_gap = a.x0 - left
    indented = 1.2 * size <= left_gap <= 4.5 * size and b.x0 - left < 0.5 * size
    free = room + left_gap if left_gap > 0.5 * size and not indented else room
    if is_number_break(a, b) and free <= b.first_w + 0.5 * size:
        return True
    if OUTLINE_RE.match(b.text):
        return False
    # Slack: LibreOffice keeps a CJK word (收入, 合计) together, so a wrapped line may stop
    # up to a character short of the edge; less after a sentence end.
    # A line that closes a sentence, or its last bracket, must be really full.
    closed = bool(a.text) and (a.text[-1] in _SENTENCE_END
                               or (a.text[-1] in _CLOSE_BRACKETS and depth == 0))
    slack = 0.1 * size if closed else 0.9 * size
    if free > b.first_w + slack:
        return False
    # A first-line indent after a full line starts a new paragraph (narrative regions only:
    # in a narrow cell a centred tail line looks indented too).
    if right - left >= 12 * size:
        indent = b.x0 - left
        if 1.5 * size <= indent <= 4.5 * size and right - b.x1 <= 2 * size:
            return False
    return True


def join_text(a: str, b: str) -> str:
    """Join two wrapped lines: no space for CJK or a split number, one between words."""
    if not a:
        return b
    if not b:
        return a
    x, y = a[-1], b[0]
    if is_latin(x) and is_latin(y) and x.isalnum() and y.isalnum():
        if x in _NUM_END and y in _NUM_START:
            return a + b
        return a + " " + b
    return a + b


def group_paragraphs(lines: list, left: float, right: float, gap_limit: float) -> list:
    """Join lines into paragraphs; returns a list of lists of lines."""
    out = []
    depth = 0
    for line in lines:
        if out and continues(out[-1][-1], line, left, right, gap_limit, depth):
            out[-1].append(line)
            depth = bracket_depth(line.text, depth)
        else:
            out.append([line])
            depth = bracket_depth(line.text)
    return out


def paragraph_text(lines: list) -> str:
    text = ""
    for line in lines:
        text = join_text(text, line.text)
    return text


def union_bbox(lines: list, page=None) -> tuple | None:
    sel = [ln for ln in lines if page is None or ln.page == page]
    if not sel:
        return None
    return (round(min(l.x0 for l in sel), 2), round(min(l.top for l in sel), 2),
            round(max(l.x1 for l in sel), 2), round(max(l.bottom for l in sel), 2))
