"""A PDF page's characters and ruling lines straight from pdfium, for the fast reader.

pdfplumber pays for pdfminer's parse of every content stream in Python (~120 ms a page on
the samples); pdfium parses it in C. From pdfium this module takes just what the PDF reader
needs, in pdfplumber's own shapes so the rest of the reader cannot tell them apart:

- characters as dicts with `text`, `x0`, `x1`, `top`, `bottom`, `size` (top-left origin,
  `bottom` on the baseline, `top` one font size above it, as pdfminer places them for the
  fonts office suites embed); characters pdfium generates (spaces, line ends) are left out,
  as pdfplumber never sees them;
- the horizontal and vertical edges of every painted path (drawn lines, the sides of
  rectangles, thin filled bars), form XObjects included, as pdfplumber's `page.edges`;
- ruled tables found from those edges with pdfplumber's own table-finding functions
  (`merge_edges`, `edges_to_intersections`, `intersections_to_cells`, `cells_to_tables`)
  and the settings of `TableFinder` with the lines strategy, so a table is the same set of
  cell rectangles whichever reader found it.

pdfplumber stays the reference reader (`parsers.pdf.parse_pdf(path, engine="plumber")`);
the tests compare the two on every sample.
"""
from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as R
from pdfplumber.table import (cells_to_tables, edges_to_intersections, intersections_to_cells,
                              merge_edges)
from pdfplumber.utils import filter_edges

SNAP = JOIN = INTERSECT = 3.0   # pdfplumber's default table settings
EDGE_MIN = 3.0                  # edge_min_length
EDGE_MIN_PREFILTER = 1.0        # edge_min_length_prefilter
AXIS_TOL = 0.01                 # points: a segment this close to axis-parallel is an edge
GENERATED_CID = "\ufffe"        # what pdfium returns for a glyph without a Unicode mapping

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def open_document(path: str) -> pdfium.PdfDocument:
    """Open with pdfium; errors go to the caller (the reader turns them into reasons)."""
    return pdfium.PdfDocument(path)


def page_chars(page: pdfium.PdfPage, height: float) -> list:
    """The page's printed characters as pdfplumber-like dicts (spaces left out).

    A character's right edge is its loose box's, or the origin of the next character on the
    same baseline when that comes first: with a font that is not embedded, pdfium measures
    the substitute font's glyph, while the PDF's own widths (what pdfminer uses) place the
    next character, and the gap between two words must not vanish.
    """
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = R.FPDFText_CountChars(raw)
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        if len(text) != n:
            text = "".join(chr(R.FPDFText_GetUnicode(raw, i) or 0xFFFE) for i in range(n))
        rect = R.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        generated = R.FPDFText_IsGenerated
        loose = R.FPDFText_GetLooseCharBox
        origin = R.FPDFText_GetCharOrigin
        font_size = R.FPDFText_GetFontSize
        out = []
        prev = None   # the last printed character's dict, and its baseline
        prev_y = None
        for i in range(n):
            if generated(raw, i) == 1 or not origin(raw, i, ox, oy):
                prev = None
                continue
            x, y = ox.value, oy.value
            if prev is not None and abs(y - prev_y) < 0.1 and prev["x0"] < x < prev["x1"]:
                prev["x1"] = x
            ch = text[i]
            if ch.isspace():
                prev = None
                continue
            size = font_size(raw, i)
            if not loose(raw, i, rect):
                prev = None
                continue
            bottom = height - y
            if ch == GENERATED_CID or ch == "\x00":
                ch = "(cid:0)"
            prev = {"text": ch, "x0": rect.left, "x1": rect.right,
                    "top": bottom - size, "bottom": bottom, "size": size}
            prev_y = y
            out.append(prev)
        return out
    finally:
        textpage.close()


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner` and then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> tuple:
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def walk_objects(page: pdfium.PdfPage):
    """(raw object, type, matrix to page space) for every object, inside forms too."""
    stack = [(R.FPDFPage_CountObjects(page.raw), lambda i: R.FPDFPage_GetObject(page.raw, i),
              IDENTITY)]
    while stack:
        count, get, base = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_FORM:
                m = _compose(_matrix(obj), base)
                stack.append((R.FPDFFormObj_CountObjects(obj),
                              (lambda o: lambda j: R.FPDFFormObj_GetObject(o, j))(obj), m))
            else:
                yield obj, kind, base


def _path_points(obj, matrix: tuple) -> list:
    """The path's subpaths as lists of page-space points (closed ones end at their start)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if R.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return []  # a clipping path paints nothing
    m = _compose(_matrix(obj), matrix)
    a, b, c, d, e, f = m
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths, cur = [], []
    for k in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, k)
        if not R.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        x, y = px.value, py.value
        pt = (a * x + c * y + e, b * x + d * y + f)
        if R.FPDFPathSegment_GetType(seg) == R.FPDF_SEGMENT_MOVETO:
            if len(cur) > 1:
                subpaths.append(cur)
            cur = [pt]
        else:
            cur.append(pt)
        if R.FPDFPathSegment_GetClose(seg) and cur:
            cur.append(cur[0])
    if len(cur) > 1:
        subpaths.append(cur)
    return subpaths


def _image_box(obj, matrix: tuple, height: float) -> dict:
    """Where an image is painted: its unit square through its matrix, as a box dict."""
    a, b, c, d, e, f = _compose(_matrix(obj), matrix)
    xs = [e, a + e, c + e, a + c + e]
    ys = [f, b + f, d + f, b + d + f]
    return {"x0": min(xs), "x1": max(xs), "top": height - max(ys), "bottom": height - min(ys)}


def page_paths(page: pdfium.PdfPage, height: float) -> tuple:
    """(edges, images) of a page: edges as pdfplumber's `page.edges` dicts, images as
    boxes (x0, x1, top, bottom) like pdfplumber's `page.images`."""
    edges = []
    images = []
    for obj, kind, matrix in walk_objects(page):
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            images.append(_image_box(obj, matrix, height))
            continue
        if kind != R.FPDF_PAGEOBJ_PATH:
            continue
        for pts in _path_points(obj, matrix):
            for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
                if abs(y0 - y1) <= AXIS_TOL and abs(x0 - x1) > AXIS_TOL:
                    lo, hi = min(x0, x1), max(x0, x1)
                    top = height - y0
                    edges.append({"x0": lo, "x1": hi, "top": top, "bottom": top,
                                  "width": hi - lo, "height": 0.0, "orientation": "h",
                                  "object_type": "path"})
                elif abs(x0 - x1) <= AXIS_TOL and abs(y0 - y1) > AXIS_TOL:
                    top, bottom = height - max(y0, y1), height - min(y0, y1)
                    edges.append({"x0": x0, "x1": x0, "top": top, "bottom": bottom,
                                  "width": 0.0, "height": bottom - top, "orientation": "v",
                                  "object_type": "path"})
    return edges, images


def table_cells(edges: list) -> tuple:
    """(cell groups of the tables, all cells) from page edges, as pdfplumber's
    `TableFinder(page, lines strategy)` gives `[t.cells for t in tables]` and `cells`."""
    edges = filter_edges(edges, min_length=EDGE_MIN_PREFILTER)
    if not edges:
        return [], []
    edges = merge_edges(edges, snap_x_tolerance=SNAP, snap_y_tolerance=SNAP,
                        join_x_tolerance=JOIN, join_y_tolerance=JOIN)
    edges = filter_edges(edges, min_length=EDGE_MIN)
    intersections = edges_to_intersections(edges, INTERSECT, INTERSECT)
    cells = intersections_to_cells(intersections)
    return cells_to_tables(cells), cells
