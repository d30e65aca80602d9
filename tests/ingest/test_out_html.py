"""OUT/report.html of the samples run: counts, findings with their cells, problem files;
self-contained and escaped."""
import os
import re
from html.parser import HTMLParser

import pytest

from ingest.out_html import write
from ingest.tables import MemorySource
from tests.ingest.conftest import keji_report, read_csv_rows


class Page(HTMLParser):
    """Texts of the page by class, plus every tag and attribute seen."""

    def __init__(self):
        super().__init__()
        self.stack, self.by_class, self.tags, self.text = [], {}, [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "line", "rect", "img", "input"):
            self.stack.append(dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if self.stack and tag not in ("meta", "br", "line", "rect", "img", "input"):
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for cls in set(self.stack):
            for c in cls.split():
                self.by_class.setdefault(c, []).append(data)


@pytest.fixture(scope="module")
def page(samples_run):
    text = open(os.path.join(samples_run, "report.html"), encoding="utf-8").read()
    p = Page()
    p.feed(text)
    p.raw = text
    return p


def test_counts_match_the_csv_files(page, samples_run):
    cards = re.findall(r'<div class="card[^"]*"><b>(\d+)</b><span>([^<]+)</span>', page.raw)
    got = {label: int(n) for n, label in cards}
    manifest = read_csv_rows(samples_run, "manifest")
    findings = read_csv_rows(samples_run, "discrepancies")
    assert got["文件"] == len(manifest)
    assert got["跳过"] == sum(1 for m in manifest if m["status"] == "skipped")
    assert got["报告"] == len(read_csv_rows(samples_run, "reports"))
    assert got["错误"] == sum(1 for f in findings if f["severity"] == "error")
    assert got["警告"] == sum(1 for f in findings if f["severity"] == "warning")


def test_known_finding_with_its_cells(page, samples_run):
    keji = keji_report(samples_run)
    want = next(d for d in read_csv_rows(samples_run, "discrepancies")
                if d["report_id"] == keji["report_id"] and d["rule"] == "expenditure_basic_sum")
    text = "".join(page.text)
    assert want["message"] in text
    for cell in want["location"].split(";"):
        assert f"<code>{cell.strip()}</code>" in page.raw
    # the seed's DOCX is among the first reports (most errors first) with its score
    files = page.by_class["file"]
    assert keji["source_file"] in files[:2]
    assert "总分 95.9" in page.raw


def test_reports_ordered_by_errors(page):
    blocks = re.findall(r'<details class="report"[^>]*><summary>(.*?)</summary>', page.raw)
    errors = [int(m.group(1)) if (m := re.search(r'badge error">错误 (\d+)', b)) else 0
              for b in blocks]
    assert errors == sorted(errors, reverse=True) and errors[0] == 3


def test_problem_files_with_reasons(page, samples_run):
    partial = [m for m in read_csv_rows(samples_run, "manifest") if m["status"] == "partial"]
    assert partial
    for m in partial:
        assert m["source_file"] in page.raw and m["error"] in page.raw


def test_self_contained(page):
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object"), tag
        for name, value in attrs.items():
            if name in ("src", "href"):
                raise AssertionError(f"{tag} {name}={value}")
    assert "<svg" in page.raw and "Content-Security-Policy" in page.raw


def test_hostile_names_are_escaped(tmp_path):
    bad = '<script>alert("x")</script>&\udcff.docx'
    source = MemorySource({
        "manifest": [{"source_file": bad, "status": "failed", "error": "<b>坏</b>"}],
        "reports": [{"report_id": "r1", "source_file": bad, "department": "<img src=x>",
                     "n_errors": 1, "n_warnings": 0, "score_total": 90.0}],
        "discrepancies": [{"report_id": "r1", "rule": "x", "severity": "error",
                           "message": "<i>m</i>", "location": "表1\"><script>"}],
    })
    path = write(str(tmp_path), source)
    raw = open(path, encoding="utf-8").read()
    assert "<script" not in raw and "<img" not in raw and "<b>坏" not in raw
    # the undecodable byte shows as an escape
    assert re.search(r"&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt;&amp;\\(udcff|xff)\.docx",
                     raw)
    assert "&lt;i&gt;m&lt;/i&gt;" in raw
