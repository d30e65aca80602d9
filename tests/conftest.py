import glob
import hashlib
import io
import json
import os
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")


# the seed's form in samples/ itself; other families' samples in folders of their own
FAMILY_DIRS = ("covers", "basicdata", "narrative")
TWIN_FOLDERS = ("pdf", "xlsx", "html")  # samples/<folder>/: the same reports in other formats


def expected_files(sub="", twins=False):
    """Expected-JSON files of samples/<sub>; with twins=True also those of its twin folders."""
    found = sorted(glob.glob(os.path.join(SAMPLES, sub, "*.expected.json")))
    if twins:
        for folder in TWIN_FOLDERS:
            found += sorted(glob.glob(os.path.join(SAMPLES, sub, folder, "*.expected.json")))
    return found


def family_expected_files():
    """Expected JSON of format 1 (the seed's form) outside samples/ itself, with its PDF,
    XLSX and HTML twins: the cover samples (format 2 is checked by test_form_samples)."""
    out = []
    for d in FAMILY_DIRS:
        out += expected_files(d, twins=True)
    return [p for p in out if load_expected(p).get("format") != 2]


def v2_expected_files():
    """Expected JSON of format 2 (the forms beyond Family A: one entry per report in
    `reports`), wherever it sits under samples/ (`samples/<family>/`, `.../pdf/`)."""
    out = []
    for path in sorted(glob.glob(os.path.join(SAMPLES, "**", "*.expected.json"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            if json.load(fh).get("format") == 2:
                out.append(path)
    return out


def load_expected(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def sample_path(expected_path, exp):
    return os.path.join(os.path.dirname(expected_path), exp["file"])


@pytest.fixture(scope="session")
def samples_dir():
    return SAMPLES


def report_tables(path):
    """Run one real file through the worker, as `jixiao run` does; its output tables."""
    from ingest.worker import process_file

    with open(path, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    result = process_file(path, os.path.basename(path), sha)
    assert result["status"] in ("ok", "partial"), result["error"]
    return result["tables"]


def zip_bytes(members: dict) -> bytes:
    """A zip archive, in memory, holding {name: bytes}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx_bytes(text: str = "hello 你好") -> bytes:
    """A real (tiny) Word document made by python-docx."""
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# A Word-exported report with scanned pages put in: keji-2021 with its page 2 (the money
# tables, in the middle of a table running over pages 1-4) and page 6 (the score sheet,
# continued from page 5 and onto page 7) replaced by 200 dpi scans of themselves.
MIXED_SOURCE = os.path.join(SAMPLES, "pdf", "keji-2021.pdf")
MIXED_PAGES = (2, 6)


@pytest.fixture(scope="session")
def mixed_scan_pdf(tmp_path_factory):
    from samples.scan_pages import scan_pages

    return scan_pages(MIXED_SOURCE, str(tmp_path_factory.mktemp("mixed") / "keji-mixed.pdf"),
                      MIXED_PAGES)


@pytest.fixture(scope="session")
def mixed_scan_doc(mixed_scan_pdf):
    """The mixed PDF read with OCR on (slow: two pages of OCR); tests deep-copy it."""
    import parsers

    return parsers.parse(mixed_scan_pdf)
