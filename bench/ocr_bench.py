"""OCR: the engines compared, and the whole pipeline on scans of the samples.

    python bench/ocr_bench.py [--files GLOB] [--engines rapid,tesseract] [--pages 6]
                              [--scan GLOB] [--scan-files N] [--profile] [--write-readme]

Scans are made from the sample PDFs the way a scanner would give them: `pdftoppm -gray` at
150 and 200 dpi, and at 200 dpi turned by 0.8 degrees with Gaussian noise (sigma 12 grey
levels). Two measures, one process, one thread per engine (`JIXIAO_OCR_THREADS=1`):

1. Engines: each engine reads the same page images; its characters are compared with the
   PDF's own text layer of that page (pdfium), as multisets of non-space characters:
   recall = share of the page's characters read, precision = share of the characters read
   that are on the page. CPU seconds per page for the engine's call alone.
2. Pipeline: each sample, rendered at 200 dpi, becomes an image-only PDF that goes through
   `parsers.parse` (found to have no text layer, read by OCR) and `normalizers.read_reports`;
   its facts are compared with the facts of its DOCX twin (key: table, entity, field,
   value), its findings too (rule, severity, fields; the `ocr_*` warnings left out).
   CPU seconds per page for the whole file (render, OCR, normalize).
3. Profile (`--profile`): CPU seconds per page of each stage of `parsers.ocr.ocr_page`
   (render, deskew, ruling lines and cells, the engine's detection, recognition and
   character boxes, the layout code) on every page of three samples.

The README's figures: `--files 'samples/pdf/[ck][ae]*[0-9].pdf' --engine-files 2 --pages 4
--write-readme` (every sample PDF with a DOCX twin; the hand-written text below the tables stays).
"""
from __future__ import annotations

import argparse
import glob
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("JIXIAO_OCR_THREADS", "1")

README = os.path.join(ROOT, "bench", "README.md")
SECTION = "## OCR"
ROTATION = 0.8
NOISE = 12.0
PROSE = "Reading the figures:"  # the README's own text after the tables starts here


def cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as one): on a
    shared machine wall time says more about the neighbours than about OCR."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def render(pdf: str, dpi: int, out_dir: str, first: int = 1, last: int = 0) -> list:
    """Grey page images of a PDF as PNG files, via pdftoppm."""
    stem = os.path.join(out_dir, f"{os.path.basename(pdf)[:-4]}-{dpi}")
    cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run(cmd + [pdf, stem], check=True)
    return sorted(glob.glob(stem + "-*.png"))


def degrade(gray, seed: int = 7):
    """A slightly crooked, noisy scan of a clean page image."""
    import cv2
    import numpy as np
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), ROTATION, 1.0)
    turned = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    noise = np.random.default_rng(seed).normal(0, NOISE, turned.shape)
    return np.clip(turned.astype(np.float64) + noise, 0, 255).astype(np.uint8)


def page_text(pdf: str, index: int) -> Counter:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        text = doc[index].get_textpage().get_text_range()
    finally:
        doc.close()
    return Counter(ch for ch in text if not ch.isspace())


def char_scores(truth: Counter, read: Counter) -> tuple:
    hit = sum((truth & read).values())
    return hit / max(1, sum(truth.values())), hit / max(1, sum(read.values()))


def bench_engines(files: list, names: list, n_pages: int, tmp: str) -> list:
    import cv2
    from parsers.ocr_engine import engine
    pages = []  # (variant, pdf, page index, image)
    per_file = max(1, n_pages // max(1, len(files)))
    for pdf in files:
        for dpi in (150, 200):
            for k, png in enumerate(render(pdf, dpi, tmp, 1, per_file)):
                gray = cv2.imread(png, cv2.IMREAD_GRAYSCALE)
                pages.append((f"{dpi} dpi", pdf, k, gray))
                if dpi == 200:
                    pages.append(("200 dpi, turned + noise", pdf, k, degrade(gray)))
    rows = []
    for name in names:
        try:
            reader = engine(name)
        except Exception as exc:
            print(f"{name}: not available ({exc})", file=sys.stderr)
            continue
        from parsers.ocr_layout import deskew
        for variant in dict.fromkeys(v for v, *_ in pages):
            rec = prec = secs = 0.0
            sel = [p for p in pages if p[0] == variant]
            for _v, pdf, k, gray in sel:
                straight, _a = deskew(gray)
                started = cpu()
                boxes = reader.read(straight)
                secs += cpu() - started
                r, p = char_scores(page_text(pdf, k),
                                   Counter(ch for b in boxes for ch in b.text if not ch.isspace()))
                rec, prec = rec + r, prec + p
            n = len(sel)
            rows.append((name, variant, n, rec / n, prec / n, secs / n))
            print(rows[-1], file=sys.stderr)
    return rows


def fact_keys(reports) -> Counter:
    return Counter((f.table, f.entity, f.field, round(float(f.value), 4))
                   for r in reports for f in r.facts)


def finding_keys(reports) -> Counter:
    """Findings about the report's content (the OCR rules' own warnings left out)."""
    return Counter((f.rule, f.severity, tuple(f.fields)) for r in reports for f in r.findings
                   if not f.rule.startswith("ocr_"))


def image_pdf(pngs: list, path: str, dpi: int) -> None:
    from PIL import Image
    images = [Image.open(p).convert("L") for p in pngs]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)


def bench_pipeline(files: list, tmp: str, dpi: int = 200) -> list:
    import normalizers
    import parsers
    from parsers.docx import parse_docx
    rows = []
    for pdf in files:
        twin = os.path.join(ROOT, "samples", os.path.basename(pdf)[:-4] + ".docx")
        if not os.path.exists(twin):
            continue
        scan = os.path.join(tmp, os.path.basename(pdf)[:-4] + "-scan.pdf")
        image_pdf(render(pdf, dpi, tmp), scan, dpi)
        started = cpu()
        doc = parsers.parse(scan)
        got = normalizers.read_reports(doc)
        secs = cpu() - started
        want = normalizers.read_reports(parsers.parse(twin))
        a, b = fact_keys(want), fact_keys(got)
        hit = sum((a & b).values())
        rows.append((os.path.basename(pdf), doc.n_pages, hit / max(1, sum(a.values())),
                     hit / max(1, sum(b.values())), finding_keys(want) == finding_keys(got),
                     secs / max(1, doc.n_pages)))
        print(rows[-1], file=sys.stderr)
    return rows


PROFILE_FILES = ("keji-2021.pdf", "caizheng-2020.pdf", "jiaoyu-2022.pdf")


def profile(files: list, dpi: int = 200) -> list:
    """CPU seconds per page by stage of `parsers.ocr.ocr_page`, every page of `files`
    rendered as the pipeline renders a scan (pdfium, grey): [(stage, seconds per page)]."""
    import pypdfium2 as pdfium
    from parsers.ocr import box_chars
    from parsers.ocr_engine import engine
    from parsers.ocr_layout import binarize, skew_angle, table_cells
    from parsers.pdf_read import PageContent, _fill_page
    import cv2
    reader = engine("rapid")
    reader.seconds.clear()
    seconds, n = {}, 0

    def clock(stage, started):
        now = time.process_time()
        seconds[stage] = seconds.get(stage, 0.0) + now - started
        return now

    for pdf in files:
        doc = pdfium.PdfDocument(pdf)
        for i in range(len(doc)):
            t = time.process_time()
            page = doc[i]
            gray = page.render(scale=dpi / 72.0, grayscale=True).to_numpy().copy().squeeze()
            page.close()
            t = clock("render (pdfium)", t)
            angle = skew_angle(gray)
            t = clock("skew_angle", t)
            if angle:
                h, w = gray.shape
                m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
                gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
            t = clock("deskew (turn)", t)
            groups = table_cells(binarize(gray), dpi)
            t = clock("binarize + table_cells", t)
            boxes = reader.read(gray)
            t = time.process_time()
            scale = 72.0 / dpi
            content = PageContent(i + 1, gray.shape[1] * scale, gray.shape[0] * scale)
            heights = sorted(b.bottom - b.top for b in boxes)
            usual = heights[len(heights) // 2] if heights else 0.0
            chars = [ch for b in boxes for ch in box_chars(b, scale, usual)]
            _fill_page(content, chars, groups, (0.0, 0.0, content.width, content.height), 1)
            clock("layout (box_chars, _fill_page)", t)
            n += 1
        doc.close()
    for stage, secs in reader.seconds.items():
        seconds["OCR: " + stage] = secs
    order = ["render (pdfium)", "skew_angle", "deskew (turn)", "binarize + table_cells",
             "OCR: detection", "OCR: recognition", "OCR: character boxes",
             "layout (box_chars, _fill_page)"]
    rows = [(k, seconds[k] / max(1, n)) for k in order if k in seconds]
    return rows + [("all (%d pages)" % n, sum(v for _k, v in rows))]


def report_text(engine_rows: list, pipe_rows: list, profile_rows: list = ()) -> str:
    out = ["### Engines (characters read vs the PDF's text layer)", "",
           "| engine | scan | pages | recall | precision | CPU s/page |",
           "|---|---|---:|---:|---:|---:|"]
    for name, variant, n, r, p, s in engine_rows:
        out.append(f"| {name} | {variant} | {n} | {r:.3f} | {p:.3f} | {s:.2f} |")
    if pipe_rows:
        out += ["", "### Pipeline on 200 dpi scans (facts vs the DOCX twin)", "",
                "| sample | pages | facts recall | facts precision | findings identical | CPU s/page |",
                "|---|---:|---:|---:|:---:|---:|"]
        for name, n, r, p, same, s in pipe_rows:
            out.append(f"| {name} | {n} | {r:.3f} | {p:.3f} | {'yes' if same else 'no'} | {s:.2f} |")
        n_pages = sum(r[1] for r in pipe_rows)
        recall = sum(r[2] for r in pipe_rows) / len(pipe_rows)
        precision = sum(r[3] for r in pipe_rows) / len(pipe_rows)
        same = sum(1 for r in pipe_rows if r[4]) / len(pipe_rows)
        secs = sum(r[5] * r[1] for r in pipe_rows) / max(1, n_pages)
        out.append(f"| **all ({len(pipe_rows)} files)** | {n_pages} | {recall:.3f} | "
                   f"{precision:.3f} | {same:.0%} | {secs:.2f} |")
    if profile_rows:
        total = profile_rows[-1][1]
        out += ["", "### Where a page's CPU goes (`--profile`)", "",
                f"`parsers.ocr.ocr_page` stage by stage on every page of {', '.join(PROFILE_FILES)}"
                " at 200 dpi:", "",
                "| stage | CPU s/page | share |", "|---|---:|---:|"]
        for stage, secs in profile_rows[:-1]:
            out.append(f"| {stage} | {secs:.3f} | {secs / max(total, 1e-9):.0%} |")
        out.append(f"| **{profile_rows[-1][0]}** | {total:.3f} | |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", help="glob of text PDFs for the engines (default: samples/pdf/*.pdf)")
    ap.add_argument("--scan", help="glob of text PDFs for the pipeline (default: samples/pdf/*.pdf)")
    ap.add_argument("--engines", default="rapid,tesseract")
    ap.add_argument("--pages", type=int, default=6, help="pages per variant for the engines")
    ap.add_argument("--engine-files", type=int, default=3, help="files the engine pages come from")
    ap.add_argument("--scan-files", type=int, default=0,
                    help="files for the pipeline measure (0: all with a DOCX twin)")
    ap.add_argument("--no-pipeline", action="store_true")
    ap.add_argument("--profile", action="store_true",
                    help="CPU by stage of ocr_page on " + ", ".join(PROFILE_FILES))
    ap.add_argument("--write-readme", action="store_true")
    args = ap.parse_args(argv)
    every = os.path.join(ROOT, "samples", "pdf", "*.pdf")
    files = sorted(glob.glob(args.files or every))
    scans = sorted(glob.glob(args.scan or every))
    with tempfile.TemporaryDirectory(prefix="jixiao-ocr-bench-") as tmp:
        engine_rows = bench_engines(files[:args.engine_files], args.engines.split(","),
                                    args.pages, tmp)
        pipe_files = scans[:args.scan_files] if args.scan_files else scans
        pipe_rows = [] if args.no_pipeline else bench_pipeline(pipe_files, tmp)
    profile_rows = profile([os.path.join(ROOT, "samples", "pdf", f) for f in PROFILE_FILES]
                           ) if args.profile else []
    text = report_text(engine_rows, pipe_rows, profile_rows)
    print(text)
    if args.write_readme:
        write_readme(text)
    return 0


def write_readme(text: str) -> None:
    body = (f"{SECTION}\n\n`python bench/ocr_bench.py --write-readme` (see its docstring). "
            f"Machine: {platform.machine()}, Python {platform.python_version()}, one thread, "
            f"{time.strftime('%Y-%m-%d')}; the machine was shared, so seconds are upper bounds.\n\n"
            f"{text}\n")
    current = open(README, encoding="utf-8").read() if os.path.exists(README) else "# Benchmarks\n"
    pattern = re.compile(r"^## OCR\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(current)
    if found and PROSE in found.group(0):  # the prose written by hand below the tables stays
        body = body + "\n" + found.group(0)[found.group(0).index(PROSE):].rstrip("\n") + "\n"
    if found:
        current = pattern.sub(lambda _m: body + "\n", current, count=1)
    else:
        current = current.rstrip("\n") + "\n\n" + body
    with open(README, "w", encoding="utf-8") as fh:
        fh.write(current.rstrip("\n") + "\n")


if __name__ == "__main__":
    sys.exit(main())
