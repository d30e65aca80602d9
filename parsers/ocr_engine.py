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
import logging
import math
import os
import shutil
import subprocess
import tempfile
import time
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
    """RapidOCR (PP-OCR models on onnxruntime), one thread: workers are the parallelism.

    The page goes through RapidOCR's own parts (detector, crops, recogniser, character
    boxes), but two of its steps are done differently, each measured on the samples
    (`bench/ocr_bench.py`, figures and profile in `bench/README.md`):

    - Detection runs on the page shrunk to `DET_SIDE` px on its long side (200 dpi A4 is
      2339), and the text lines are cut from that same shrunk page: the recogniser scales
      every line to 48 px high anyway, and lines cut from the full page were read worse
      (0.968 of the characters against 0.988). A smaller page is cheaper still and reads
      as many characters, but its boxes are coarser: at 1100 px a row cut by a page break
      was no longer joined with its rest, and at 1000 px a lone "0" on a wrapped line was
      not found at all; 1400 px keeps the boxes exactly as they were measured.
    - Recognition reads one line per call, padded only to a multiple of 8 px and at least
      `REC_MIN_WIDTH` px (RapidOCR pads six lines to the widest of them and to 320 px: on a
      table page most lines are short figures, so two thirds of its work was padding).
      The recogniser's cost is linear in the width it is fed; batches bring nothing on one
      thread (measured: slower per line from 4 lines on).
    """

    name = "rapid"
    DET_SIDE = 1400       # px: long side of the page the detector sees
    REC_HEIGHT = 48       # px: the recognition model's input height (PP-OCRv4)
    REC_MIN_WIDTH = 256   # px: a shorter line is padded to this (a lone "无" needs room)
    TEXT_SCORE = 0.5      # a line read with a lower mean confidence is dropped (RapidOCR's)

    def __init__(self):
        from rapidocr_onnxruntime import RapidOCR
        threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                             max_side_len=self.DET_SIDE)
        rec = self._ocr.text_rec
        for part in (rec.session, self._ocr.text_det.infer):
            part.session = _folded_session(part.session, threads)
        self._session = rec.session.session
        self.seconds = {}  # CPU seconds by stage, over every page read so far
        self._input = self._session.get_inputs()[0].name
        self._decode = rec.postprocess_op

    def read(self, image) -> list:
        """`image`: a 2-D uint8 numpy array (grey) or 3-D (BGR)."""
        import cv2
        import numpy as np
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        ocr = self._ocr
        started = time.process_time()
        raw_h, raw_w = image.shape[:2]
        small, ratio_h, ratio_w = ocr.preprocess(image)
        small, record = ocr.maybe_add_letterbox(
            small, {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}})
        quads, _elapsed = ocr.auto_text_det(small)
        started = self._clock("detection", started)
        if quads is None or not len(quads):
            return []
        crops = ocr.get_crop_img_list(small, quads)
        lines = [self._recognize(c) for c in crops]
        started = self._clock("recognition", started)
        lines = ocr.cal_rec_boxes(crops, quads, lines)
        quads = ocr._get_origin_points(quads, record, raw_h, raw_w)
        out = []
        for quad, (text, score, wquads, wtexts, wscores) in zip(quads, lines):
            if score < self.TEXT_SCORE:
                continue
            words = []
            if wquads and len(wquads) == len(wtexts) == len(wscores):
                wquads = ocr._get_origin_points(wquads, record, raw_h, raw_w)
                words = [(float(q[:, 0].min()), float(q[:, 0].max()), wtext, float(wscore))
                         for q, wtext, wscore in zip(np.asarray(wquads).astype(np.int32),
                                                     wtexts, wscores)]
            out.append(TextBox(float(quad[:, 0].min()), float(quad[:, 1].min()),
                               float(quad[:, 0].max()), float(quad[:, 1].max()),
                               text, float(score), words))
        self._clock("character boxes", started)
        return out

    def _clock(self, stage: str, started: float) -> float:
        """Add the CPU seconds since `started` to `stage` (`seconds`, read by the bench)."""
        now = time.process_time()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - started
        return now

    def _recognize(self, crop) -> tuple:
        """(text, mean confidence, character columns) of one line image, as RapidOCR's
        recogniser gives them, fed at its own width (see the class docstring)."""
        import cv2
        import numpy as np
        h, w = crop.shape[:2]
        height = self.REC_HEIGHT
        own = max(1, int(math.ceil(height * w / h)))
        width = max(self.REC_MIN_WIDTH, -(-own // 8) * 8)
        batch = np.zeros((1, 3, height, width), dtype=np.float32)
        resized = cv2.resize(crop, (own, height)).astype(np.float32)
        batch[0, :, :, :own] = resized.transpose(2, 0, 1) / 127.5 - 1.0
        preds = self._session.run(None, {self._input: batch})[0]
        (line,) = self._decode(preds, True, wh_ratio_list=[w / h],
                               max_wh_ratio=width / height)
        return line


def _folded_session(session, threads: int):
    """`session`'s model with its arithmetic folded into the convolutions (`ocr_graph`):
    the same results, about half the recogniser's time and a third less of the detector's.
    The session as it was when `onnx` is missing or the graph is not the expected one."""
    import onnxruntime as ort
    from .ocr_graph import optimized
    path = getattr(session, "_model_path", None)
    if not path:
        return session
    try:
        model = optimized(path)
        if model is None:
            return session  # onnx not installed: the model as shipped, only slower
        options = ort.SessionOptions()
        options.log_severity_level = 4
        options.enable_cpu_mem_arena = False
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads >= 1:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        return ort.InferenceSession(model, sess_options=options,
                                    providers=["CPUExecutionProvider"])
    except Exception as exc:  # a graph this rewrite does not know: run it as shipped
        logging.getLogger(__name__).warning("OCR model %s used as shipped (%s)", path, exc)
        return session


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
