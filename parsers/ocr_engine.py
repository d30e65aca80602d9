"""OCR engines behind one small interface: an image in, text lines with boxes and confidence out.

Two engines were measured on the samples rendered as scans (`bench/ocr_bench.py`, figures
in `bench/README.md`):

- `rapid` — RapidOCR on onnxruntime (PP-OCRv4 Chinese detection and recognition models,
  shipped inside the `rapidocr-onnxruntime` wheel, so a `pip install` is all it needs). It
  finds text lines itself and reads numbers, CJK and full-width punctuation in table cells
  reliably. The default.
- `tesseract` — Tesseract 5 with `chi_sim` (Debian's `tesseract-ocr-chi-sim`), through the
  command line. Kept as a fallback for machines without the wheel; on ruled tables it reads
  far fewer characters right.

`engine()` picks the first one installed (`JIXIAO_OCR_ENGINE` forces one); when none is, it
raises `OcrUnavailable` with a reason for the manifest. Every engine returns `TextBox`es in
the image's pixel coordinates.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from .model import ParseError

ENGINES = ("rapid", "tesseract")
MSG_UNAVAILABLE = ("扫描件需要 OCR 识别，但本机未安装 OCR 组件（pip install rapidocr-onnxruntime，"
                   "或安装 tesseract-ocr-chi-sim）")


class OcrUnavailable(ParseError):
    """No OCR engine is installed: the file cannot be read on this machine."""


@dataclass
class TextBox:
    """One line of text the engine read: pixel box (x0, top, x1, bottom), text, 0..1.

    `words` holds (x0, x1, text, confidence) per word or character when the engine says
    where each one is: a line the detector ran across a cell border is cut there by them."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    confidence: float
    words: list = field(default_factory=list)


class RapidEngine:
    """RapidOCR (PP-OCR models on onnxruntime), one thread: workers are the parallelism."""

    name = "rapid"

    def __init__(self):
        from rapidocr_onnxruntime import RapidOCR
        threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))
        # Detection on the page shrunk to 1400 px on its long side (200 dpi A4 is 2339): a
        # third of the detector's time, and no fewer characters read on the samples.
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                             max_side_len=1400)

    def read(self, image) -> list:
        """`image`: a 2-D uint8 numpy array (grey) or 3-D (BGR)."""
        import numpy as np
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        result, _elapsed = self._ocr(image, use_cls=False, return_word_box=True)
        out = []
        for item in result or []:
            quad, text, score = item[:3]
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            words = []
            if len(item) >= 6 and item[3] and len(item[3]) == len(item[4]) == len(item[5]):
                for wquad, wtext, wscore in zip(item[3], item[4], item[5]):
                    wx = [p[0] for p in wquad]
                    words.append((float(min(wx)), float(max(wx)), wtext, float(wscore)))
            out.append(TextBox(min(xs), min(ys), max(xs), max(ys), text, float(score), words))
        return out


class TesseractEngine:
    """Tesseract 5 `chi_sim` through its command line (TSV output), one thread."""

    name = "tesseract"

    def __init__(self):
        if not shutil.which("tesseract"):
            raise OcrUnavailable(MSG_UNAVAILABLE)

    def read(self, image) -> list:
        import cv2
        with tempfile.TemporaryDirectory(prefix="jixiao-ocr-") as tmp:
            src = os.path.join(tmp, "page.png")
            cv2.imwrite(src, image)
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            proc = subprocess.run(["tesseract", src, "stdout", "-l", "chi_sim", "--psm", "11",
                                   "-c", "preserve_interword_spaces=1", "tsv"],
                                  capture_output=True, text=True, env=env, timeout=300)
        if proc.returncode != 0:
            raise ParseError("OCR 识别失败（tesseract：%s）" % " ".join(proc.stderr.split())[:100])
        return _tsv_lines(proc.stdout)


def _tsv_lines(tsv: str) -> list:
    """Tesseract's word rows grouped into its lines (block, paragraph, line numbers)."""
    lines = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or not f[11].strip() or float(f[10]) < 0:
            continue
        key = (f[2], f[3], f[4])
        x, y, w, h = (float(v) for v in f[6:10])
        lines.setdefault(key, []).append((x, y, x + w, y + h, f[11].strip(), float(f[10]) / 100))
    out = []
    for words in lines.values():
        words.sort()
        out.append(TextBox(min(w[0] for w in words), min(w[1] for w in words),
                           max(w[2] for w in words), max(w[3] for w in words),
                           "".join(w[4] for w in words), min(w[5] for w in words)))
    return out


def engine(name: str | None = None):
    """The OCR engine to use: `name`, `JIXIAO_OCR_ENGINE`, or the first one installed."""
    return _engine(name or os.environ.get("JIXIAO_OCR_ENGINE") or "")


@functools.lru_cache(maxsize=4)
def _engine(name: str):
    for n in [name] if name else list(ENGINES):
        try:
            return RapidEngine() if n == "rapid" else TesseractEngine()
        except (ImportError, OcrUnavailable):
            continue  # not installed here: try the next one
    raise OcrUnavailable(MSG_UNAVAILABLE)


def opencv_available() -> bool:
    try:
        import cv2  # noqa: F401
    except ImportError:
        return False
    return True
