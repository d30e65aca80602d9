"""A text PDF with scanned pages: only the facts of the pages read by OCR are OCR facts.

The slow test reads keji-2021 with its pages 2 and 6 replaced by scans
(`tests/conftest.py`, `samples.scan_pages`) and compares it with the text PDF: the same
facts and score rows; the figures of page 2 are `ocr` with a confidence, the rest keep
their match and have none; the 请核对扫描件 findings are about the scanned pages only. With
OCR off the pages not read are a warning. The fast tests
run `mark_ocr` and the OCR rules on the text PDF's document marked the way the OCR path
marks a scanned page (its cells' confidences, `ocr_pages`).
"""
from __future__ import annotations

import copy
import re
from collections import Counter

import pytest

import normalizers
import parsers

from ..conftest import MIXED_PAGES, MIXED_SOURCE


def key(f) -> tuple:
    return (f.table, f.entity, f.field, f.period, round(float(f.value), 4))


def score_key(s) -> tuple:
    return (s["level1"], s["level2"], s["indicator"], s["max_score"], s["self_score"])


def page_of(location: str):
    m = re.match(r"第(\d+)[页、]", location)
    return int(m.group(1)) if m else None


def marked_as_scanned(pages: set, confidence: float = 0.95):
    """The text PDF read as if `pages` had been read by OCR: what `parsers.pdf_scan` sets."""
    doc = parsers.parse(MIXED_SOURCE)
    doc.ocr, doc.ocr_pages = "rapid", sorted(pages)
    for t in doc.all_tables():
        for cell in t.cells:
            if cell.paragraphs and all(p.page in pages for p in cell.paragraphs):
                for p in cell.paragraphs:
                    p.confidence = confidence
                cell.confidence = confidence
    return doc


def test_only_facts_of_scanned_pages_are_ocr_facts():
    want = {key(f): f for f in normalizers.read_reports(parsers.parse(MIXED_SOURCE))[0].facts}
    (report,) = normalizers.read_reports(marked_as_scanned({2}))
    assert {key(f) for f in report.facts} == set(want)
    ocr = [f for f in report.facts if f.match == "ocr"]
    assert ocr and all(page_of(f.location) == 2 and f.confidence == 0.95 for f in ocr)
    assert {f.table for f in ocr} == {"income", "expenditure", "three_public", "fixed_assets"}
    for f in report.facts:
        if f.match != "ocr":
            assert f.confidence is None and f.match == want[key(f)].match
            assert page_of(f.location) != 2
    # the sample's broken expenditure sums are on the scanned page: checked as a scan
    broken = [f for f in report.findings if f.rule == "ocr_total_broken"]
    assert broken and all("请核对扫描件" in f.message and "第2页" in f.location for f in broken)


def test_narrative_of_scanned_pages_is_ocr_with_its_page():
    # pages 4-5 hold the 评价报告综述 (a framed text): its figures are OCR facts, with the
    # page put in front of their location; the tables of pages 1-2 are not
    (report,) = normalizers.read_reports(marked_as_scanned({4, 5}))
    narrative = [f for f in report.facts if f.table == "narrative"]
    assert narrative and all(f.match == "ocr" and f.confidence == 0.95 for f in narrative)
    assert all(page_of(f.location) in (4, 5) for f in narrative)
    assert all(f.match != "ocr" and f.confidence is None for f in report.facts if f.table != "narrative")


def test_broken_sum_of_text_figures_is_no_scan_warning():
    # page 1 scanned (its staff figures are OCR facts); the broken sums are on page 2
    (report,) = normalizers.read_reports(marked_as_scanned({1}))
    ocr = {f.field for f in report.facts if f.match == "ocr"}
    assert ocr == {"staff_authorized", "staff_actual"}
    rules = Counter(f.rule for f in report.findings)
    assert rules["expenditure_total_sum"] == 1 and rules["ocr_total_broken"] == 0
    (pages,) = [f for f in report.findings if f.rule == "ocr_scanned_pages"]
    assert pages.severity == "info" and pages.location == "第1页" and "OCR" in pages.message


def test_pages_not_read_are_a_warning_naming_them(mixed_scan_pdf, monkeypatch):
    monkeypatch.setenv("JIXIAO_OCR", "off")
    (report,) = normalizers.read_reports(parsers.parse(mixed_scan_pdf))
    assert not [f for f in report.facts if f.match == "ocr" or f.confidence is not None]
    (w,) = [f for f in report.findings if f.rule.startswith("ocr_")]
    assert (w.rule, w.severity, w.location) == ("ocr_pages_unread", "warning", "第2、6页")
    assert "--no-ocr" in w.message and "未能提取" in w.message
    # a text PDF says nothing of scans
    (plain,) = normalizers.read_reports(parsers.parse(MIXED_SOURCE))
    assert not [f for f in plain.findings if f.rule.startswith("ocr_")]


@pytest.mark.slow
def test_mixed_pdf_gives_the_text_pdf_facts_and_scores(mixed_scan_doc):
    want = normalizers.read_reports(parsers.parse(MIXED_SOURCE))[0]
    (got,) = normalizers.read_reports(copy.deepcopy(mixed_scan_doc))
    assert Counter(key(f) for f in got.facts) == Counter(key(f) for f in want.facts)
    assert [score_key(s) for s in got.scores] == [score_key(s) for s in want.scores]
    by_key = {key(f): f for f in want.facts}
    ocr = [f for f in got.facts if f.match == "ocr"]
    assert len(ocr) == sum(1 for f in want.facts if page_of(f.location) in MIXED_PAGES) > 0
    for f in got.facts:
        if page_of(f.location) in MIXED_PAGES:
            assert f.match == "ocr" and 0.0 < f.confidence <= 1.0
        else:
            assert f.match == by_key[key(f)].match and f.confidence is None
    # the findings of the text PDF, plus scan warnings about the scanned pages only
    other = Counter((f.rule, f.severity) for f in got.findings if not f.rule.startswith("ocr_"))
    assert other == Counter((f.rule, f.severity) for f in want.findings)
    scan = [f for f in got.findings if f.rule.startswith("ocr_")]
    assert scan and all("请核对扫描件" in f.message for f in scan)
    (pages,) = [f for f in scan if f.rule == "ocr_scanned_pages"]
    assert pages.location == "第2、6页" and not [f for f in scan if f.rule == "ocr_pages_unread"]
    assert all(page_of(loc) in MIXED_PAGES for f in scan for loc in f.location.split("; ")[:1])
    flagged = {f.location for f in scan if f.rule == "ocr_low_confidence"}
    assert all(f.location in flagged for f in ocr if f.confidence < 0.9)
