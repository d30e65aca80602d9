"""parsers.image / parsers.ocr: scans read by OCR into the same document model.

The scans are real renderings (pdfium at 200 dpi) of PDFs drawn for the test; one of them
is turned and noised the way a scanner leaves a page. OCR runs RapidOCR (installed by
`.ci/run` through the test extras); the end-to-end figures on the samples are in the slow
test and in `bench/ocr_bench.py`.
"""
from __future__ import annotations

import os

import numpy as np
import pytest
import pypdfium2 as pdfium
from PIL import Image

import parsers
from parsers.image import parse_image, parse_scanned_pdf
from parsers.model import NotAReport, ParseError
from parsers.ocr import MSG_OCR_OFF
from parsers.ocr_engine import MSG_UNAVAILABLE, OcrUnavailable
from parsers.ocr_layout import deskew, skew_angle

from .test_pdf_engines import narrow_pdf  # noqa: F401  (the PDF drawn for wrapped numbers)

DPI = 200
AMOUNTS = ["金额", "280.00", "1,094.35", "1,374.35"]


def render(pdf_path: str, dpi: int = DPI) -> list:
    doc = pdfium.PdfDocument(pdf_path)
    try:
        return [doc[i].render(scale=dpi / 72.0, grayscale=True).to_numpy().copy().squeeze()
                for i in range(len(doc))]
    finally:
        doc.close()


def crooked(gray: np.ndarray, angle: float = 0.8, sigma: float = 12.0) -> np.ndarray:
    import cv2
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    noise = np.random.default_rng(3).normal(0, sigma, out.shape)
    return np.clip(out + noise, 0, 255).astype(np.uint8)


def save_png(gray: np.ndarray, path) -> str:
    Image.fromarray(gray).save(str(path), dpi=(DPI, DPI))
    return str(path)


def amounts_of(table) -> list:
    return [row[1].text for row in table.rows()]


def amounts(doc) -> list:
    (table,) = doc.tables
    return amounts_of(table)


@pytest.fixture(scope="module")
def narrow_png(narrow_pdf, tmp_path_factory):  # noqa: F811
    return save_png(render(narrow_pdf)[0], tmp_path_factory.mktemp("ocr") / "narrow.png")


def test_image_is_read_by_ocr_with_cells_and_confidence(narrow_png):
    doc = parsers.parse(narrow_png)
    assert doc.format == "png" and doc.ocr == "rapid" and doc.n_pages == 1
    assert doc.paragraphs[0].text == "一、支出情况"
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (4, 3)
    # the number wrapped in the narrow column is one number, as in the PDF
    assert amounts(doc) == AMOUNTS
    grid = [[c.text for c in row] for row in table.rows()]
    assert grid[1][0] == "基本支出" and grid[2][2] == "见说明"
    filled = [c for c in table.cells if c.text]
    assert all(0.0 < c.confidence <= 1.0 for c in filled)
    assert all(p.confidence is not None for c in filled for p in c.paragraphs)


def test_crooked_noisy_scan_is_straightened(narrow_pdf, tmp_path):  # noqa: F811
    gray = crooked(render(narrow_pdf)[0])
    assert abs(skew_angle(gray) + 0.8) <= 0.2  # the turn that straightens it back
    straight, angle = deskew(gray)
    assert abs(angle + 0.8) <= 0.2 and straight.shape == gray.shape
    assert skew_angle(straight) == 0.0
    doc = parse_image(save_png(gray, tmp_path / "crooked.png"), "png")
    assert amounts(doc) == AMOUNTS


def test_pdf_without_text_layer_is_read_by_ocr(narrow_pdf, tmp_path):  # noqa: F811
    scan = str(tmp_path / "scan.pdf")
    Image.fromarray(render(narrow_pdf)[0]).save(scan, resolution=DPI)
    doc = parsers.parse(scan)
    assert doc.format == "pdf" and doc.ocr == "rapid"
    assert amounts(doc) == AMOUNTS


def test_ocr_off_gives_reasons(narrow_png, tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_OCR", "off")
    with pytest.raises(NotAReport) as info:
        parsers.parse(narrow_png)
    assert "--no-ocr" in str(info.value) and "PNG" in str(info.value)
    scan = str(tmp_path / "scan.pdf")
    Image.open(narrow_png).save(scan, resolution=DPI)
    with pytest.raises(ParseError) as info:
        parsers.parse(scan)
    assert str(info.value) == MSG_OCR_OFF


def test_no_ocr_engine_installed_is_a_reason(narrow_png, monkeypatch):
    # Tesseract forced, and not on PATH: the machine has no usable engine.
    monkeypatch.setenv("JIXIAO_OCR_ENGINE", "tesseract")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(OcrUnavailable) as info:
        parse_image(narrow_png, "png")
    assert str(info.value) == MSG_UNAVAILABLE and "OCR" in MSG_UNAVAILABLE


def test_multi_page_tiff_is_one_document(narrow_png, tmp_path):
    img = Image.open(narrow_png)
    lower = np.full_like(np.asarray(img), 255)
    lower[600:] = np.asarray(img)[:-600]  # the same content set lower on page 2
    tif = str(tmp_path / "two.tif")
    img.save(tif, save_all=True, append_images=[Image.fromarray(lower)], dpi=(DPI, DPI))
    doc = parsers.parse(tif)
    assert doc.format == "tiff" and doc.n_pages == 2
    assert [t.page for t in doc.tables] == [1, 2]
    assert [amounts_of(t) for t in doc.tables] == [AMOUNTS, AMOUNTS]
