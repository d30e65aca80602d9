"""Legacy formats go through LibreOffice; without it, the reason names the missing program."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from parsers import convert
from parsers.convert import converted, find_soffice, to_docx
from parsers.model import ParseError
from parsers.sniff import _Ole2, sniff

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


def docx_text(path) -> str:
    import docx
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory):
    """A .doc and an .rtf made by LibreOffice itself from a python-docx document."""
    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    import docx
    folder = tmp_path_factory.mktemp("legacy")
    d = docx.Document()
    d.add_paragraph("部门（单位）名称：某某局")
    d.add_paragraph("2021年度部门整体支出绩效评价自评报告")
    src = folder / "src.docx"
    d.save(str(src))
    profile = tempfile.mkdtemp(prefix="jixiao-test-lo-")
    try:
        for fmt in ("doc", "rtf"):
            subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                            "--convert-to", fmt, "--outdir", str(folder), str(src)],
                           check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    wps = folder / "src.wps"
    shutil.copyfile(folder / "src.doc", wps)
    return {"doc": str(folder / "src.doc"), "rtf": str(folder / "src.rtf"), "wps": str(wps)}


def test_missing_libreoffice_names_the_program(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(convert.PROGRAM_ENV, raising=False)
    monkeypatch.setattr(convert, "KNOWN_LOCATIONS", ())
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"x")
    with pytest.raises(ParseError) as err:
        to_docx(str(doc), "doc")
    message = str(err.value)
    assert "LibreOffice" in message and "soffice" in message and ".doc" in message
    assert "\n" not in message


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "wps"])
def test_converts_for_real(legacy_files, fmt):
    path = legacy_files[fmt]
    assert sniff(path) == fmt
    with converted(path, fmt) as out:
        assert sniff(out) == "docx"
        assert "某某局" in docx_text(out)
        folder = os.path.dirname(out)
    assert not os.path.exists(folder)


@needs_soffice
def test_real_doc_reads_word_stream_from_the_mini_stream(legacy_files):
    assert _Ole2(legacy_files["doc"]).head("WordDocument", 2) == b"\xec\xa5"


@needs_soffice
def test_parallel_conversions_do_not_collide(legacy_files):
    def one(_):
        out = to_docx(legacy_files["doc"], "doc")
        try:
            return docx_text(out)
        finally:
            shutil.rmtree(os.path.dirname(out))
    with ThreadPoolExecutor(3) as pool:
        texts = list(pool.map(one, range(3)))
    assert all("某某局" in t for t in texts)


@needs_soffice
def test_parse_dispatches_legacy_formats(legacy_files):
    import parsers
    doc = parsers.parse(legacy_files["doc"])
    assert doc.format == "doc"
    assert any("某某局" in p.text for p in doc.paragraphs)


def fake_soffice(tmp_path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    pidfile = tmp_path / "pid"
    monkeypatch.setenv(convert.PROGRAM_ENV, fake_soffice(
        tmp_path, f"sleep 60 & echo $! > {pidfile}; wait"))
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(ParseError) as err:
        to_docx(str(src), "doc", timeout=1)
    assert "超时" in str(err.value) and time.monotonic() - started < 10
    child = int(pidfile.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child of soffice survived the timeout")


def test_failed_conversion_gives_a_reason_and_cleans_up(tmp_path, monkeypatch):
    monkeypatch.setenv(convert.PROGRAM_ENV, fake_soffice(
        tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    src = tmp_path / "a.doc"
    src.write_bytes(b"x")
    with pytest.raises(ParseError) as err:
        to_docx(str(src), "doc")
    assert "could not be loaded" in str(err.value)
    assert os.listdir(tmp_path / "t") == []
