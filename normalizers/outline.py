"""The narrative (评价报告综述) as an outline of sections.

Headings are numbered by hand or by Word, in mixed styles: `一、`, `（一）`, `1、`, `(1)`.
Real reports drift (the seed goes `一、 二、 三、 4、 … 5、 6、`), so an Arabic number
that continues the top-level sequence where no Arabic list is open, or whose title is a
known top-level heading (data/sections.csv), is read as a top-level heading.
"""
from __future__ import annotations

import csv
import functools
import os
import re

from parsers.model import Document, Paragraph

from .text import fold, nfkc

CN = "零一二三四五六七八九十"
MARKERS = [  # (kind, regex); kinds in their usual depth order
    ("part", re.compile(r"^\s*第\s*([一二三四五六七八九十]{1,3})\s*(?:部分|章)\s*[、.．:：]?\s*")),
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．，]\s*")),
    ("paren_cn", re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*")),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    ("paren_ar", re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*")),
    # `一是…；二是…`: items of a list typed as paragraphs, below every numbered level
    ("shi", re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*是\s*[，,、:：]?\s*")),
]
DEPTH = {k: i for i, (k, _) in enumerate(MARKERS)}
NARRATIVE_HEAD = "评价报告综述"
END_MARKERS = ("附件", "评分表", "评价人员")


def cn_value(s: str) -> int:
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN.index(a) if a else 1) * 10 + (CN.index(b) if b else 0)
    return CN.index(s)


def cn_numeral(n: int) -> str:
    if n <= 10:
        return CN[n] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@functools.lru_cache(maxsize=1)
def top_titles() -> frozenset:
    path = os.path.join(os.path.dirname(__file__), "data", "sections.csv")
    with open(path, encoding="utf-8") as fh:
        return frozenset(fold(row["title"]) for row in csv.DictReader(fh) if row["level"] == "1")


def is_top_title(title: str) -> bool:
    key = fold(title)
    return any(key == t or key.startswith(t) or key.endswith(t) and len(key) - len(t) <= 6
               for t in top_titles())


def marker(line: str):
    """(kind, number, heading text as written) of a numbered line, or None."""
    text = nfkc(line)
    for kind, rx in MARKERS:
        m = rx.match(text)
        if m:
            num = m.group(1)
            n = int(num) if kind in ("arabic", "paren_ar") else cn_value(num)
            # full-width digits and brackets fold one to one: keep the rest as written
            rest = line[m.end():] if len(text) == len(line) else text[m.end():]
            return kind, n, rest.strip()
    return None


def split_heading(rest: str):
    """(heading, text): a numbered paragraph that is a whole passage has no title of its own."""
    if len(rest) <= 40:
        return rest, ""
    return "", rest


def narrative_lines(doc: Document):
    """(lines, where, is_report_outline): the 评价报告综述 text, else the body paragraphs."""
    for where, paragraphs in _streams(doc):
        lines = _lines(paragraphs)
        for i, line in enumerate(lines):
            if NARRATIVE_HEAD in fold(line):
                body = []
                for ln in lines[i + 1:]:
                    if any(fold(ln).startswith(e) for e in END_MARKERS) and len(ln) < 30:
                        break
                    body.append(ln)
                return body, where, True
    body, started = [], False
    for ln in _lines([b for b in doc.blocks if isinstance(b, Paragraph)]):
        if started and len(ln) < 30 and any(fold(ln).startswith(e) for e in END_MARKERS):
            break  # the narrative ends where the attached forms begin
        started = started or marker(ln) is not None
        body.append(ln)
    return body, "正文", False


def _streams(doc: Document):
    yield "正文", [b for b in doc.blocks if isinstance(b, Paragraph)]
    for t in doc.all_tables():
        for cell in sorted(t.cells, key=lambda c: (c.row, c.col)):
            if cell.paragraphs and NARRATIVE_HEAD in fold(cell.text):
                yield f"表{t.index}第{cell.row + 1}行第{cell.col + 1}列", cell.paragraphs


TOC_LINE_RE = re.compile(r"^.{2,80}?(?:\t|[.…·．]{3,}|\s{2,})\s*\d{1,3}\s*$")


class Line(str):
    """A text line that remembers whether its paragraph was all bold (a heading typed
    without a number)."""

    bold = False


def _lines(paragraphs) -> list:
    """Text lines in order, without a table of contents (`目录`, `一、概况 …… 1`)."""
    out = []
    for p in paragraphs:
        if (p.style or "").lower().startswith("toc"):
            continue
        for line in p.display_text.split("\n"):
            if not line.strip() or fold(line) in ("目录", "目次") or TOC_LINE_RE.match(line.strip("\t ")):
                continue
            line = Line(line.strip())
            line.bold = bool(getattr(p, "bold", False))
            out.append(line)
    return out


UNNUMBERED_MAX = 20
SENTENCE_END = "。；;，,：:！？!?）)"


def unnumbered_heading(line, stack, seen_numbers: bool) -> bool:
    """A heading without a number: a short line in bold, or one that is a known top-level
    title (data/sections.csv, so a PDF without font weights reads it the same) — only in a
    report whose outline has no numbered headings."""
    text = str(line).strip()
    if seen_numbers or len(text) > UNNUMBERED_MAX or text[-1] in SENTENCE_END or "报告" in text \
            or text.endswith("表") or any(fold(text).startswith(e) for e in END_MARKERS):
        return False  # a title, a form's title (…指标表) or an attachment line
    return getattr(line, "bold", False) or is_top_title(text)


def extract_sections(doc: Document) -> list:
    lines, where, is_report = narrative_lines(doc)
    sections, stack, current = [], [], None
    seen_numbers, unnumbered = False, 0
    # a title (its lines in bold too) comes before any heading without a number
    title_end = max([i for i, ln in enumerate(lines[:5]) if "报告" in ln], default=-1)
    for i, line in enumerate(lines):
        mk = marker(line)
        if mk is None and i > title_end and unnumbered_heading(line, stack, seen_numbers):
            unnumbered += 1
            mk = ("cn", unnumbered, str(line).strip())
            stack.clear()
        elif mk is not None and mk[0] != "shi":
            seen_numbers = True
        if mk is None:
            if current is None:
                current = _new(sections, "0", "", 0, is_report)
            current["text"] = (current["text"] + "\n" + line).strip("\n")
            continue
        kind, n, rest = mk
        title, body = ("", rest) if kind == "shi" else split_heading(rest)
        kind = _resolve(kind, n, title or rest[:40], stack)
        while stack and DEPTH[stack[-1][0]] >= DEPTH[kind]:
            stack.pop()
        stack.append((kind, n))
        path = "/".join(_component(k, num) for k, num in stack)
        current = _new(sections, path, title, len(stack), is_report)
        current["text"] = body
    for s in sections:
        s["location"] = where
    return [s for s in sections if s["heading"] or s["text"]]


def _resolve(kind, n, title, stack):
    """Read a drifting Arabic number as the top-level heading it stands for."""
    if kind != "arabic" or not stack or stack[0][0] != "cn":
        return kind
    top_n = stack[0][1]
    open_arabic = [num for k, num in stack if k == "arabic"]
    continues_list = bool(open_arabic) and n == open_arabic[-1] + 1
    if is_top_title(title) and n == top_n + 1:
        return "cn"
    if not continues_list and n == top_n + 1 and n != 1:
        return "cn"
    return kind


def _component(kind, n) -> str:
    if kind == "cn":
        return cn_numeral(n)
    if kind == "paren_cn":
        return f"（{cn_numeral(n)}）"
    if kind == "paren_ar":
        return f"({n})"
    if kind == "part":
        return f"第{cn_numeral(n)}部分"
    if kind == "shi":
        return f"{cn_numeral(n)}是"
    return str(n)


def _new(sections, path, heading, level, is_report) -> dict:
    s = {"path": path, "heading": heading, "text": "", "level": level,
         "order": len(sections) + 1, "is_report_outline": is_report}
    sections.append(s)
    return s
