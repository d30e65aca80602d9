"""A scanned page's geometry with OpenCV: straighten it, and find its ruled tables' cells.

- `deskew`: a page fed a little crooked through the scanner is turned straight. The angle
  is the one (within ±3°, in 0.1° steps) at which the dark pixels' row profile is the most
  peaked: text lines and ruling lines are horizontal exactly then.
- `table_cells`: ruling lines are long thin runs of dark pixels (morphological opening with
  a long horizontal and a long vertical kernel); a table is a connected set of them, and
  its cells are the white regions they enclose. Each cell comes back as a rectangle in
  points reaching to the middle of its ruling lines, so two neighbouring cells share an
  edge, exactly as pdfplumber's table finder gives cells on a PDF page; `pdf_grid` builds
  the grid, spans and nesting from those rectangles the same way for both.
"""
from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW = 3.0          # degrees
SKEW_STEP = 0.1
MIN_RULE_H = 14.0       # points: a shorter horizontal run of ink is no ruling line
MIN_RULE_V = 9.0        # points: nor a shorter vertical one (a row cut by a page break is low)
MIN_CELL_PT = 6.0       # points: a white region smaller than this is no cell


def binarize(gray: np.ndarray) -> np.ndarray:
    """Dark ink as 255 on 0 (Otsu's threshold; the noise of a scan mostly falls below)."""
    _t, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def skew_angle(gray: np.ndarray) -> float:
    """The turn in degrees (OpenCV's sense: positive is counter-clockwise) that makes the
    page straight; 0 for a page that is straight already."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = binarize(small)
    h, w = ink.shape
    centre = (w / 2.0, h / 2.0)
    best, best_score = 0.0, -1.0
    straight = None
    for k in range(int(-MAX_SKEW / SKEW_STEP), int(MAX_SKEW / SKEW_STEP) + 1):
        angle = k * SKEW_STEP
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if k == 0:
            straight = score
        if score > best_score:
            best, best_score = angle, score
    # a straight page stays as it is: turning it by a fraction of a pixel only blurs it
    return best if straight is None or best_score > 1.02 * straight else 0.0


def deskew(gray: np.ndarray) -> tuple:
    """(straightened image, the angle it was turned by: `skew_angle`)."""
    angle = skew_angle(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return out, angle


def ruling_lines(binary: np.ndarray, dpi: float) -> np.ndarray:
    """The mask of the page's ruling lines: horizontal and vertical runs of ink, each kept
    only where it meets a run of the other direction (a stroke of text set in a row, or an
    underline, meets none)."""
    h_len = max(8, int(MIN_RULE_H * dpi / 72.0))
    v_len = max(6, int(MIN_RULE_V * dpi / 72.0))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    reach = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    horizontal, vertical = (_meeting(horizontal, cv2.dilate(vertical, reach)),
                            _meeting(vertical, cv2.dilate(horizontal, reach)))
    lines = cv2.bitwise_or(horizontal, vertical)
    # close the small gaps a scan leaves where lines cross or where the ink is thin
    return cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def _meeting(mask: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The connected parts of `mask` that touch `other`."""
    n, labels = cv2.connectedComponents(mask, connectivity=8)
    if n <= 1:
        return mask
    touching = np.unique(labels[(other > 0) & (labels > 0)])
    keep = np.zeros(n, dtype=np.uint8)
    keep[touching] = 255
    return keep[labels]


def table_cells(binary: np.ndarray, dpi: float) -> list:
    """Cell rectangles in points, one list per ruled table on the page."""
    lines = ruling_lines(binary, dpi)
    scale = 72.0 / dpi
    min_cell = MIN_CELL_PT * dpi / 72.0
    n, labels, stats, _c = cv2.connectedComponentsWithStats(lines, connectivity=8)
    groups = []
    for k in range(1, n):
        x, y, w, h, _area = stats[k]
        if w < min_cell * 2 or h < min_cell * 2:
            continue  # a lone rule (an underline, a separator): no table
        frame = (labels[y:y + h, x:x + w] == k).astype(np.uint8) * 255
        cells = _enclosed(frame, min_cell)
        for part in _split_nested(cells):
            groups.append([tuple(v * scale for v in (cx + x, cy + y, cx1 + x, cy1 + y))
                           for cx, cy, cx1, cy1 in part])
    return groups


def _split_nested(cells: list, tol: float = 3.0) -> list:
    """The cells of one frame as one list per table: a table nested in a cell whose
    border it touches (a Word table at the bottom of its host cell) is one frame of lines
    with its host, and the host cell's white region goes round it. Each cell belongs to
    the smallest cell that contains it; the parsers nest those tables as they nest a table
    drawn apart inside a cell."""
    def inside(a, b) -> bool:
        return (a is not b and a[0] >= b[0] - tol and a[1] >= b[1] - tol
                and a[2] <= b[2] + tol and a[3] <= b[3] + tol)

    def area(c) -> float:
        return (c[2] - c[0]) * (c[3] - c[1])

    groups = {}
    for c in cells:
        hosts = [h for h in cells if inside(c, h)]
        key = min(hosts, key=area) if hosts else None
        groups.setdefault(key, []).append(c)
    return [groups[k] for k in groups]


def _enclosed(frame: np.ndarray, min_cell: float) -> list:
    """White regions fully enclosed by the frame's lines, as pixel boxes grown to the middle
    of the lines around them."""
    white = cv2.bitwise_not(frame)
    n, labels, stats, _c = cv2.connectedComponentsWithStats(white, connectivity=4)
    h_img, w_img = frame.shape
    out = []
    for k in range(1, n):
        x, y, w, h, area = stats[k]
        if x == 0 or y == 0 or x + w >= w_img or y + h >= h_img:
            continue  # touches the outside: not inside the table
        if w < min_cell or h < min_cell or area < 0.6 * w * h:
            continue
        out.append(_grow(frame, x, y, x + w, y + h))
    return out


def _grow(frame: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> tuple:
    """A cell's box grown over half the thickness of the line on each side (the thinnest
    of three probes, so a crossing line at one probe does not count)."""
    h_img, w_img = frame.shape
    xs = [x0 + (x1 - x0) * k // 4 for k in (1, 2, 3)]
    ys = [y0 + (y1 - y0) * k // 4 for k in (1, 2, 3)]

    def run(values) -> int:
        nz = np.flatnonzero(values == 0)
        return int(nz[0]) if nz.size else len(values)

    left = min(run(frame[y, x0 - 1::-1]) for y in ys) if x0 > 0 else 0
    right = min(run(frame[y, x1:]) for y in ys) if x1 < w_img else 0
    up = min(run(frame[y0 - 1::-1, x]) for x in xs) if y0 > 0 else 0
    down = min(run(frame[y1:, x]) for x in xs) if y1 < h_img else 0
    return (x0 - left / 2.0, y0 - up / 2.0, x1 + right / 2.0, y1 + down / 2.0)
