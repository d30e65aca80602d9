"""HTML, .htm and Word's "single file web page" (.mht/.mhtml) → Document.

Government sites publish forms as HTML tables, and Word saves reports as web pages; both
are read into the same model as DOCX: headings and paragraphs outside tables are the
narrative (an `<hN>` gives outline level N-1, as a Heading N style does in Word), a
`<table>` is a Table with rowspan/colspan as cell spans, and a table inside a cell is a
nested table of that cell. Text is what a browser shows: runs of spaces and line breaks
in the source collapse to one space, `<br>` is a line break, `&nbsp;` is kept as a space;
scripts, styles and comments (Word's conditional `<!--[if gte mso 9]>` blocks) are not text;
Word's tab (`<span style='mso-tab-count:1'>`, filled with spaces or leader dots) is a tab.

The character set is taken from the MIME part's header (.mht), then from a byte-order mark
or `<meta charset>`; when the declared one fails (or none is declared) UTF-8 is tried and
then GB18030, the superset of GBK and GB2312 that older Chinese pages use.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import re

from .model import Cell, Document, Paragraph, ParseError, Table

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312"}
MAX_HTML_BYTES = 200 * 1024 * 1024

SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg",
        "select", "button", "input", "textarea"}
BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main",
         "header", "footer", "nav", "aside", "blockquote", "pre", "center", "form", "body",
         "html", "address", "figure", "figcaption", "fieldset", "hr", "caption", "tr"}
HEADINGS = {f"h{i}": i - 1 for i in range(1, 7)}
SPACES = re.compile(r"[ \t\r\n\f\v]+")


def parse_html(path: str, fmt: str = "html") -> Document:
    """Read an HTML or MHT file into the document model."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        raise ParseError(f"网页文件过大（超过 {MAX_HTML_BYTES // (1024 * 1024)} MB），不是报告，已拒绝")
    warnings = []
    charset = None
    if _is_mime(data):
        data, charset = mht_html_part(data)
    text, used = decode_html(data, charset)
    if used.endswith("replace"):
        warnings.append(f"网页文字编码无法确定，按 {used.split('/')[0]} 读取，个别字符可能有误")
    root = _parse_tree(text)
    walker = _Walker()
    blocks = walker.blocks(root)
    return Document(blocks=blocks, source=path, format=fmt, warnings=warnings)


# --- bytes to text ------------------------------------------------------------------

def _is_mime(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"mime-version:", b"from:", b"content-type: multipart",
                            b"content-type:multipart", b"subject:", b"date:")) and \
        b"content-type" in head


def mht_html_part(data: bytes):
    """(bytes, charset) of the first text/html part of a MIME (.mht) file."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise ParseError("MHT 网页文件中没有 HTML 正文（text/html 部分），文件可能不完整")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None):
    """(text, codec used): the declared charset, a BOM, <meta>, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    candidates = [_codec(declared)]
    meta = META_CHARSET.search(data[:8192])
    if meta:
        candidates.append(_codec(meta.group(1).decode("ascii", "replace")))
    if next((c for c in candidates if c), None) == "gb18030" and _is_utf8(data):
        # GB18030 decodes almost any bytes, so a page saved as UTF-8 under a stale GBK
        # <meta> would be garbled silently; GBK text is practically never valid UTF-8.
        candidates.insert(0, "utf-8")
    candidates += ["utf-8", "gb18030"]
    seen = []
    for enc in candidates:
        if not enc or enc in seen:
            continue
        seen.append(enc)
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", "replace"), "gb18030/replace"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse_tree(text: str):
    import lxml.html
    from lxml import etree

    # lxml refuses str input that carries an XML encoding declaration
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ParseError("网页文件没有内容")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True,
                                      no_network=True, recover=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"网页文件（HTML）无法解析（{' '.join(str(exc).split())[:80]}）") from exc
    return root


# --- tree to blocks ------------------------------------------------------------------

def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comments, processing instructions, entities
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


class _Walker:
    """Walks the HTML tree into blocks; tables are numbered depth first, outer first."""

    def __init__(self):
        self.table_count = 0

    def blocks(self, root, path=()) -> list:
        out, buf = [], _Buffer()
        body = root.find(".//body")
        self._walk(root if body is None else body, out, buf, path)
        buf.flush(out)
        return out

    def _walk(self, el, out, buf, path):
        tag = _tag(el)
        if tag in SKIP or tag == "":
            return
        if tag == "table":
            buf.flush(out)
            caption = [c for c in el if _tag(c) == "caption"]
            if caption and _Buffer.text_of(caption[0]):
                out.append(Paragraph(text=_Buffer.text_of(caption[0])))
            out.append(self.table(el, path))
            return
        if tag == "br":
            buf.add("\n", raw=True)
            return
        if tag == "span" and "mso-tab-count" in (el.get("style") or ""):
            buf.add("\t", raw=True)  # Word's tab: its spaces or leader dots only fill the line
            return
        heading = HEADINGS.get(tag)
        block = heading is not None or tag in BLOCK
        if block:
            buf.flush(out)
            if heading is not None:
                buf.level, buf.style = heading, f"Heading {heading + 1}"
        if el.text:
            buf.add(el.text)
        for child in el:
            self._walk(child, out, buf, path)
            if child.tail:
                buf.add(child.tail)
        if block:
            buf.flush(out)

    def table(self, tbl, path=()) -> Table:
        self.table_count += 1
        index = self.table_count
        rows = list(_table_rows(tbl))
        cells, taken, n_cols = [], set(), 0
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rs = _span(td.get("rowspan"), len(rows) - r)
                cs = _span(td.get("colspan"), 1000)
                cell = Cell(row=r, col=c, row_span=rs, col_span=cs)
                cell.paragraphs, cell.tables = self.cell_content(td, (*path, (index, r, c)))
                cells.append(cell)
                for dr in range(rs):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                c += cs
                n_cols = max(n_cols, c)
        n_cols = max([n_cols] + [cc + 1 for (_, cc) in taken])
        return Table(cells=cells, n_rows=len(rows), n_cols=n_cols, index=index, parts=[index],
                     path=path)

    def cell_content(self, td, path):
        """A cell's paragraphs (never none: an empty cell has one empty paragraph) and tables."""
        blocks, buf = [], _Buffer()
        if td.text:
            buf.add(td.text)
        for child in td:
            self._walk(child, blocks, buf, path)
            if child.tail:
                buf.add(child.tail)
        buf.flush(blocks)
        paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
        tables = [b for b in blocks if isinstance(b, Table)]
        return paragraphs or [Paragraph(text="")], tables


def _table_rows(tbl):
    """The table's own rows (thead, tbody, tfoot or direct), not those of nested tables."""
    for child in tbl:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _tag(tr) == "tr":
                    yield tr


def _span(value, limit: int) -> int:
    try:
        n = int(str(value).strip().split(".")[0]) if value is not None else 1
    except ValueError:
        return 1
    if n == 0:  # rowspan="0": to the end of the table
        return max(1, limit)
    return max(1, min(n, limit))


class _Buffer:
    """Inline text collected until a block boundary, then emitted as one Paragraph."""

    def __init__(self):
        self.parts = []
        self.level = self.style = None

    def add(self, text: str, raw: bool = False):
        self.parts.append(text if raw else SPACES.sub(" ", text))

    def flush(self, out: list):
        text = _finish("".join(self.parts))
        if text:
            out.append(Paragraph(text=text, style=self.style, level=self.level))
        self.parts, self.level, self.style = [], None, None

    @staticmethod
    def text_of(el) -> str:
        return _finish(SPACES.sub(" ", el.text_content()))


def _finish(text: str) -> str:
    """Collapsed text as shown: no spaces around line breaks or at the ends; &nbsp; a space."""
    text = re.sub(r" *\n *", "\n", text).strip(" \n")
    return text.replace("\xa0", " ")
