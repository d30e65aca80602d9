"""Draw a sample report directly as PDF with reportlab (no word processor involved).

    python -m samples.draw_pdf [NAME] [OUTDIR]

This PDF differs from the LibreOffice exports on purpose:
- cell borders are thin FILLED RECTANGLES (no stroked lines), one set per cell box;
- a merged cell is ONE box spanning its rows/columns (no inner borders at all);
- text uses the CID font STSong-Light (not embedded, Adobe-GB1 CMap UniGB-UCS2-H);
- the narrative is drawn as body paragraphs with bigger headings;
- a table that does not fit is continued on the next page, repeating its header rows when
  it has some; rows joined by a vertical merge are kept together when they fit on a page.
The output is byte-stable (reportlab invariant mode). Its expected JSON is the DOCX twin's
with "file" updated: the layout differs, the content does not.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from samples import catalog
from samples.generate import HERE, expected_json
from samples.layout import Nested, P, PageBreak, TableSpec, build_blocks

FONT = 'STSong-Light'
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_Y = 2.5 * cm, 2.54 * cm
FRAME_W = PAGE_W - 2 * MARGIN_X          # 16 cm, as the layout assumes
TOP, BOTTOM = PAGE_H - MARGIN_Y, MARGIN_Y
BORDER = 0.5                              # border thickness, points
PAD = 2.5                                 # cell padding, points
BODY_PT = 10.5
HEADING_PT = {'Heading 1': 14.0, 'Heading 2': 12.0}


def leading(size: float) -> float:
    return size * 1.3


def wrap(text: str, size: float, width: float) -> list:
    """Greedy wrap, character by character (Chinese has no spaces to break at)."""
    lines = []
    for part in text.split('\n'):
        line, w = '', 0.0
        for ch in part:
            cw = pdfmetrics.stringWidth(ch, FONT, size)
            if line and w + cw > width:
                lines.append(line)
                line, w = '', 0.0
            line += ch
            w += cw
        lines.append(line)
    return lines


@dataclasses.dataclass
class Line:
    text: str
    size: float
    align: str
    bold: bool


class Drawer:
    def __init__(self, path: Path):
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle('')
        self.c.setAuthor('')
        self.c.setCreator('jixiao samples (reportlab)')
        self.c.setProducer('reportlab')
        self.y = TOP

    # -- primitives --------------------------------------------------------------------

    def new_page(self) -> None:
        self.c.showPage()
        self.y = TOP

    def text_line(self, ln: Line, x: float, width: float, baseline: float) -> None:
        tw = pdfmetrics.stringWidth(ln.text, FONT, ln.size)
        if ln.align == 'center':
            x += (width - tw) / 2
        elif ln.align == 'right':
            x += width - tw
        t = self.c.beginText(x, baseline)
        t.setFont(FONT, ln.size)
        # The CID font has no bold face: bold = fill and stroke the glyphs. The render mode
        # is graphics state and outlives the text object, so set it on every line.
        t.setTextRenderMode(2 if ln.bold else 0)
        if ln.bold:
            self.c.setLineWidth(0.3)
        t.textOut(ln.text)
        self.c.drawText(t)

    def box(self, x: float, y_top: float, w: float, h: float) -> None:
        """Four filled rectangles, no stroked paths."""
        b = BORDER
        c = self.c
        c.rect(x - b / 2, y_top - h - b / 2, b, h + b, stroke=0, fill=1)       # left
        c.rect(x + w - b / 2, y_top - h - b / 2, b, h + b, stroke=0, fill=1)   # right
        c.rect(x - b / 2, y_top - b / 2, w + b, b, stroke=0, fill=1)           # top
        c.rect(x - b / 2, y_top - h - b / 2, w + b, b, stroke=0, fill=1)       # bottom

    # -- paragraphs ----------------------------------------------------------------------

    def para_lines(self, p: P, width: float, default_size: float = BODY_PT) -> list:
        size = HEADING_PT.get(p.style) or p.size or default_size
        bold = p.bold or p.style in HEADING_PT
        return [Line(t, size, p.align or 'left', bold) for t in wrap(p.text, size, width)]

    def paragraph(self, p: P) -> None:
        lines = self.para_lines(p, FRAME_W)
        if p.style in HEADING_PT:
            self.y -= 4
        for ln in lines:
            lead = leading(ln.size)
            if self.y - lead < BOTTOM:
                self.new_page()
            self.text_line(ln, MARGIN_X, FRAME_W, self.y - ln.size)
            self.y -= lead

    # -- tables --------------------------------------------------------------------------

    def table(self, ts: TableSpec) -> None:
        scale = FRAME_W / sum(ts.widths)
        xs = [MARGIN_X]
        for w in ts.widths:
            xs.append(xs[-1] + w * scale)
        cell_lines = {}
        for cs in ts.cells:
            width = xs[cs.col + cs.colspan] - xs[cs.col] - 2 * PAD
            lines = []
            for item in cs.content:
                if isinstance(item, Nested):
                    raise ValueError('nested tables are not drawn; use a layout without them')
                lines += self.para_lines(item, width)
            cell_lines[id(cs)] = lines

        def need(cs):
            return sum(leading(ln.size) for ln in cell_lines[id(cs)]) + 2 * PAD

        heights = [leading(BODY_PT) + 2 * PAD] * ts.n_rows
        for cs in ts.cells:
            if cs.rowspan == 1:
                heights[cs.row] = max(heights[cs.row], need(cs))
        for cs in ts.cells:
            if cs.rowspan > 1:
                have = sum(heights[cs.row:cs.row + cs.rowspan])
                if need(cs) > have:
                    heights[cs.row + cs.rowspan - 1] += need(cs) - have

        # rows tied together by vertical merges form blocks kept on one page if possible
        end = list(range(ts.n_rows))
        for cs in ts.cells:
            for r in range(cs.row, cs.row + cs.rowspan):
                end[r] = max(end[r], cs.row + cs.rowspan - 1)
        blocks, r = [], 0
        while r < ts.n_rows:
            stop = end[r]
            k = r
            while k <= stop:
                stop = max(stop, end[k])
                k += 1
            blocks.append(list(range(r, stop + 1)))
            r = stop + 1
        if len(blocks) > 1:  # keep the header (first block) with the first body rows
            blocks[:2] = [blocks[0] + blocks[1]]

        header = list(range(ts.header_rows))
        header_h = sum(heights[i] for i in header)
        slots = []          # (page, row, y_top, repeat)
        page, y = 0, self.y
        for block in blocks:
            block_h = sum(heights[i] for i in block)
            if y - block_h < BOTTOM and block_h <= (TOP - BOTTOM - header_h):
                page, y = page + 1, TOP
                if header and block[0] >= len(header):
                    for i in header:
                        slots.append((page, i, y, True))
                        y -= heights[i]
            for i in block:
                if y - heights[i] < BOTTOM:
                    page, y = page + 1, TOP
                    if header and i >= len(header):
                        for h in header:
                            slots.append((page, h, y, True))
                            y -= heights[h]
                slots.append((page, i, y, False))
                y -= heights[i]

        segments = {}       # page -> [(cell, x, y_top, w, h, lines, align_middle)]
        for cs in ts.cells:
            rows = set(range(cs.row, cs.row + cs.rowspan))
            groups = {}
            for pg, i, yt, rep in slots:
                if i in rows and (not rep or cs.row < ts.header_rows):
                    groups.setdefault((pg, rep), []).append((yt, heights[i]))
            x, w = xs[cs.col], xs[cs.col + cs.colspan] - xs[cs.col]
            remaining = list(cell_lines[id(cs)])
            parts = sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1]))
            for (pg, rep), spans in parts:
                y_top = spans[0][0]
                h = sum(hh for _, hh in spans)
                lines = list(cell_lines[id(cs)]) if rep else remaining
                fit, used = [], 2 * PAD
                while lines and used + leading(lines[0].size) <= h + 0.01:
                    used += leading(lines[0].size)
                    fit.append(lines.pop(0))
                if not rep:
                    remaining = lines
                middle = len(parts) == 1 or rep
                segments.setdefault(pg, []).append((x, y_top, w, h, fit, middle))

        last_page = max(pg for pg, *_ in slots)
        for pg in range(last_page + 1):
            if pg:
                self.new_page()
            for x, y_top, w, h, lines, middle in segments.get(pg, []):
                self.box(x, y_top, w, h)
                text_h = sum(leading(ln.size) for ln in lines)
                ty = y_top - PAD - ((h - 2 * PAD - text_h) / 2 if middle else 0)
                for ln in lines:
                    lead = leading(ln.size)
                    self.text_line(ln, x + PAD, w - 2 * PAD, ty - (lead + ln.size * 0.7) / 2)
                    ty -= lead
        self.y = min(yt - heights[i] for pg, i, yt, _ in slots if pg == last_page)

    # -- document ------------------------------------------------------------------------

    def document(self, blocks: list) -> None:
        for b in blocks:
            if isinstance(b, P):
                self.paragraph(b)
            elif isinstance(b, PageBreak):
                self.new_page()
            elif isinstance(b, TableSpec):
                self.table(b)
            else:
                raise TypeError(b)
        self.c.showPage()
        self.c.save()


def drawable(spec):
    """The spec as drawn: money tables as separate tables (nested tables are not drawn)
    and the narrative as body paragraphs."""
    lay = dataclasses.replace(spec.layout, narrative='headings',
                              money='separate' if spec.has_nested_tables() else spec.layout.money)
    return dataclasses.replace(spec, layout=lay)


def draw_sample(name: str = catalog.DRAWN, outdir: Path = HERE / 'pdf') -> Path:
    spec = catalog.spec_by_name(name)
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / f'{name}-drawn.pdf'
    Drawer(pdf).document(build_blocks(drawable(spec)))
    data = json.loads(expected_json(spec, pdf.name))
    (outdir / f'{name}-drawn.expected.json').write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
    return pdf


def main(argv: list | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('name', nargs='?', default=catalog.DRAWN)
    ap.add_argument('outdir', nargs='?', default=str(HERE / 'pdf'))
    args = ap.parse_args(argv)
    print(draw_sample(args.name, Path(args.outdir)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
