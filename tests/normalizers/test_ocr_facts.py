"""Facts read from scans: `match` = `ocr`, their confidence, and the 请核对扫描件 warnings.

The fast tests run the rule rows of `data/rules-ocr.csv` on facts as the OCR path marks
them; the slow one reads 200 dpi scans of sample reports end to end and compares their
facts with the DOCX twins' (whole facts, entity included: recall >= 0.98, precision >=
0.995) and their findings (the same, the OCR rules' own warnings aside).
"""
from __future__ import annotations

import glob
import os
import subprocess
from collections import Counter

import pytest
from PIL import Image

import normalizers
import parsers
from normalizers.report import Fact, Report
from normalizers.reconcile import reconcile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DPI = 200


def ocr_fact(field, value, location, confidence, entity="局机关") -> Fact:
    return Fact(table="income", entity=entity, field=field, value=value, unit="万元",
                label_raw=field, text_raw=str(value), location=location, match="ocr",
                confidence=confidence)


def test_low_confidence_amount_is_a_warning_naming_page_and_cell():
    report = Report(report_id="r", source_file="scan.pdf", file_format="pdf")
    report.facts = [ocr_fact("income_total", 100.0, "第2页 表1第3行第2列", 0.99),
                    ocr_fact("income_fiscal", 100.0, "第2页 表1第3行第4列", 0.62)]
    found = [f for f in reconcile(report) if f.rule == "ocr_low_confidence"]
    assert len(found) == 1
    (w,) = found
    assert w.severity == "warning" and w.location == "第2页 表1第3行第4列"
    assert "请核对扫描件" in w.message and "第2页 表1第3行第4列" in w.message and "0.62" in w.message


def test_broken_total_on_a_scan_is_a_warning_to_check_the_scan():
    report = Report(report_id="r", source_file="scan.pdf", file_format="pdf")
    report.facts = [ocr_fact("income_total", 180.0, "第1页 表1第3行第2列", 0.99),
                    ocr_fact("income_fiscal", 100.0, "第1页 表1第3行第4列", 0.99),
                    ocr_fact("income_other", 30.0, "第1页 表1第3行第5列", 0.99)]
    rules = Counter(f.rule for f in reconcile(report))
    assert rules["income_total_sum"] == 1 and rules["ocr_total_broken"] == 1
    (w,) = [f for f in reconcile(report) if f.rule == "ocr_total_broken"]
    assert w.severity == "warning" and "请核对扫描件" in w.message
    assert "第1页 表1第3行第2列" in w.message and w.expected == 130.0 and w.actual == 180.0


def test_text_facts_get_no_ocr_findings():
    report = Report(report_id="r", source_file="a.docx", file_format="docx")
    fact = ocr_fact("income_total", 180.0, "表1第3行第2列", None)
    fact.match = "exact"
    report.facts = [fact, ocr_fact("income_fiscal", 100.0, "表1第3行第4列", None)]
    report.facts[1].match = "exact"
    assert not [f for f in reconcile(report) if f.rule.startswith("ocr_")]


# --------------------------------------------------------------------------------------
# Scans of sample reports (slow: OCR of every page)

def scan_of(pdf: str, out: str) -> str:
    """An image-only PDF of `pdf` the way bench/ocr_bench.py makes one (pdftoppm, grey,
    200 dpi), so the test checks what the bench measures."""
    stem = os.path.join(os.path.dirname(out), "page")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", pdf, stem], check=True)
    pages = [Image.open(p).convert("L") for p in sorted(glob.glob(stem + "-*.png"))]
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=DPI)
    return out


def keys(reports) -> Counter:
    """Each fact by table, entity, field and value: a misread digit or a misread entity
    label (`1局机关` for `1、局机关`) both change it."""
    return Counter((f.table, f.entity, f.field, f.period, round(float(f.value), 4))
                   for r in reports for f in r.facts)


def finding_keys(reports) -> Counter:
    return Counter((f.rule, f.severity, tuple(f.fields)) for r in reports for f in r.findings
                   if not f.rule.startswith("ocr_"))


# entity labels misread in one table (caizheng); a score sheet of two Word tables whose
# repeated header OCR reads as 级指标 (jiaotong); money tables nested at the bottom of
# their host cell (weijian)
SCANNED = ["caizheng-2020", "jiaotong-2020-variant-huizong-first", "weijian-2023"]


@pytest.mark.slow
def test_scan_facts_and_findings_match_the_docx_twins(tmp_path):
    """Whole facts and findings per scan (the bench measures every sample)."""
    same = 0
    for name in SCANNED:
        pdf = os.path.join(ROOT, "samples", "pdf", name + ".pdf")
        (tmp_path / name).mkdir()
        doc = parsers.parse(scan_of(pdf, str(tmp_path / name / "scan.pdf")))
        assert doc.ocr
        got = normalizers.read_reports(doc)
        want = normalizers.read_reports(parsers.parse(os.path.join(ROOT, "samples", name + ".docx")))
        a, b = keys(want), keys(got)
        hit = sum((a & b).values())
        recall, precision = hit / sum(a.values()), hit / sum(b.values())
        assert recall >= 0.98, (name, "missing", dict(a - b))
        assert precision >= 0.995, (name, "extra", dict(b - a))
        same += finding_keys(got) == finding_keys(want)
        facts = [f for r in got for f in r.facts]
        assert all(f.match == "ocr" and 0.0 <= f.confidence <= 1.0 for f in facts)
        # every uncertain figure is flagged for a person, with where to look
        for r in got:
            flagged = {f.location for f in r.findings if f.rule == "ocr_low_confidence"}
            assert all(f.location in flagged for f in r.facts if f.confidence < 0.9)
            assert all("请核对扫描件" in f.message for f in r.findings if f.rule.startswith("ocr_"))
    assert same == len(SCANNED)
