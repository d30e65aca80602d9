"""The pipeline accounts for every file, contains hangs and crashes, and is deterministic.

Most tests inject a small `process` function (module level, so worker processes can
import it) whose behaviour is chosen by the file's first bytes; the command-line tests at
the end use the real `ingest.worker.process_file` (so do test_bulk_bad_inputs and
test_resume).
"""
from __future__ import annotations

import csv
import glob
import os
import signal
import time
import zipfile

import pytest

from ingest import pipeline
from parsers.sniff import describe_unsupported, sniff


def fake_process(path, source_file, sha256):
    """Stand-in for ingest.worker.process_file, steered by the file's content."""
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith(b"HANG"):
        time.sleep(3600)
    if head.startswith(b"CRASH"):
        os.kill(os.getpid(), signal.SIGKILL)
    if head.startswith(b"SEGV"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if head.startswith(b"EXIT"):
        os._exit(3)
    if head.startswith(b"RAISE"):
        raise RuntimeError("boom")
    fmt = sniff(path)
    if fmt != "docx":
        return {"status": "skipped", "error": describe_unsupported(fmt, path),
                "file_format": fmt, "report_id": "", "tables": {}, "seconds": 0.0}
    import docx
    try:
        paras = [p.text for p in docx.Document(path).paragraphs]
    except Exception as exc:
        return {"status": "failed", "error": f"damaged: {type(exc).__name__}",
                "file_format": fmt, "report_id": "", "tables": {}, "seconds": 0.0}
    rid = sha256[:16]
    facts = [{"report_id": rid, "table": "narrative", "entity": "", "field": "f%d" % i,
              "value": float(len(t)), "unit": "万元", "label_raw": t[:20], "text_raw": t,
              "location": f"p{i}"} for i, t in enumerate(paras)]
    reports = [{"report_id": rid, "source_file": "worker-path-is-overridden",
                "file_format": fmt, "status": "ok", "department": paras[0] if paras else ""}]
    disc = [{"report_id": rid, "rule": "r1", "severity": "warning", "message": "m",
             "source_file": "x"}]
    return {"status": "ok", "error": "", "file_format": fmt, "report_id": rid,
            "seconds": 0.01, "tables": {"reports": reports, "facts": facts, "discrepancies": disc}}


def make_docx(path, *paragraphs):
    import docx
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return str(path)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def csv_bytes(out):
    return {n: open(os.path.join(out, n), "rb").read()
            for n in sorted(os.listdir(out)) if n.endswith(".csv")}


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    make_docx(src / "b.docx", "二局", "支出 100")
    make_docx(src / "sub" / "a.docx", "一局", "收入 200")
    (src / "copy.docx").write_bytes((src / "b.docx").read_bytes())   # duplicate
    (src / "~$b.docx").write_bytes(b"lock")
    (src / "picture.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (src / "hang.docx").write_bytes(b"HANG")
    (src / "crash.docx").write_bytes(b"CRASH")
    (src / "raise.docx").write_bytes(b"RAISE")
    (src / "empty.doc").write_bytes(b"")
    with zipfile.ZipFile(src / "bundle.zip", "w") as zf:
        zf.write(src / "sub" / "a.docx", "reports/a2.docx")    # same bytes as sub/a.docx
        zf.writestr("reports/c.docx", open(make_docx(tmp_path / "c.docx", "三局"), "rb").read())
        zf.writestr("__MACOSX/reports/._c.docx", b"junk")
    return src


def test_every_file_once_and_failures_contained(corpus, tmp_path):
    out = tmp_path / "out"
    calls = []
    summary = pipeline.run([str(corpus)], str(out), workers=2, timeout=3,
                           process=fake_process, progress=lambda *a: calls.append(a))
    rows = {r["source_file"]: r for r in read_csv(out / "manifest.csv")}
    base = str(corpus)
    expected = {"b.docx", "sub/a.docx", "copy.docx", "~$b.docx", "picture.docx", "hang.docx",
                "crash.docx", "raise.docx", "empty.doc", "bundle.zip!/reports/a2.docx",
                "bundle.zip!/reports/c.docx", "bundle.zip!/__MACOSX/reports/._c.docx"}
    assert set(rows) == {os.path.join(base, e) for e in expected}
    assert len(read_csv(out / "manifest.csv")) == len(expected)
    get = lambda name: rows[os.path.join(base, name)]
    assert get("b.docx")["status"] == "ok"
    assert get("bundle.zip!/reports/a2.docx")["status"] == "ok"
    assert get("bundle.zip!/reports/c.docx")["status"] == "ok"
    assert get("copy.docx")["status"] == "skipped"
    assert get("copy.docx")["duplicate_of"] == os.path.join(base, "b.docx")
    # Sorted by name, bundle.zip comes before sub/: the archive's copy is the first one.
    assert get("sub/a.docx")["duplicate_of"] == os.path.join(base, "bundle.zip!/reports/a2.docx")
    assert get("~$b.docx")["status"] == "skipped" and "~$" in get("~$b.docx")["error"]
    assert get("bundle.zip!/__MACOSX/reports/._c.docx")["status"] == "skipped"
    assert get("picture.docx")["status"] == "skipped" and "图片" in get("picture.docx")["error"]
    assert get("picture.docx")["file_format"] == "png"
    assert get("hang.docx")["status"] == "failed" and "超时" in get("hang.docx")["error"]
    assert get("crash.docx")["status"] == "failed" and "SIGKILL" in get("crash.docx")["error"]
    assert get("raise.docx")["status"] == "failed" and "boom" in get("raise.docx")["error"]
    assert get("empty.doc")["status"] == "skipped" and get("empty.doc")["file_format"] == "empty"
    for r in rows.values():
        assert r["seconds"] == ""
        if r["status"] != "ok":
            assert r["error"] and "\n" not in r["error"]

    reports = read_csv(out / "reports.csv")
    assert [r["source_file"] for r in reports] == [
        os.path.join(base, "b.docx"), os.path.join(base, "bundle.zip!/reports/a2.docx"),
        os.path.join(base, "bundle.zip!/reports/c.docx")]
    assert {r["source_file"] for r in read_csv(out / "discrepancies.csv")} == \
        {r["source_file"] for r in reports}
    assert summary.n_files == len(expected) and summary.n_reports == 3
    assert summary.by_status == {"ok": 3, "skipped": 6, "failed": 3}
    assert summary.findings == {"warning": 3}
    assert calls and calls[-1][0] == calls[-1][1] == summary.n_processed
    assert calls[-1][2] == 3  # hang, crash, raise
    for name in ("manifest", "reports", "facts", "scores", "indicators", "sections",
                 "discrepancies"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists()
    log = (out / "jixiao.log").read_text(encoding="utf-8")
    assert "hang.docx" in log and "files found: 12" in log
    assert not [n for n in os.listdir(out / ".jixiao-cache") if n.startswith("tmp-")]


def test_rerun_reuses_results_and_adds_new_files(corpus, tmp_path):
    out = str(tmp_path / "out")
    first = pipeline.run([str(corpus)], out, workers=2, timeout=3, process=fake_process,
                         formats=("csv",))
    before = csv_bytes(out)
    again = pipeline.run([str(corpus)], out, workers=2, timeout=3, process=fake_process,
                         formats=("csv",))
    assert again.n_processed == 0 and again.n_reused == first.n_processed
    assert csv_bytes(out) == before

    make_docx(corpus / "new.docx", "四局")
    third = pipeline.run([str(corpus)], out, workers=2, timeout=3, process=fake_process,
                         formats=("csv",))
    assert third.n_processed == 1
    assert len(read_csv(os.path.join(out, "manifest.csv"))) == first.n_files + 1
    assert len(read_csv(os.path.join(out, "reports.csv"))) == first.n_reports + 1

    # A longer time limit retries what timed out before, and only that.
    fourth = pipeline.run([str(corpus)], out, workers=2, timeout=4, process=fake_process,
                          formats=("csv",))
    assert fourth.n_processed == 1


def test_output_order_follows_input_not_completion(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = [make_docx(src / f"r{i:02d}.docx", f"单位{i}", "x" * (i * 50)) for i in range(12)]
    out1, out2 = str(tmp_path / "o1"), str(tmp_path / "o2")
    pipeline.run([str(src)], out1, workers=1, process=fake_process, formats=("csv",))
    pipeline.run(list(reversed(names)) + [str(src)], out2, workers=2, process=fake_process,
                 formats=("csv",))
    m1 = [r["source_file"] for r in read_csv(os.path.join(out1, "manifest.csv"))]
    m2 = [r["source_file"] for r in read_csv(os.path.join(out2, "manifest.csv"))]
    assert m1 == sorted(names) and m2 == list(reversed(names))  # each file listed once


def test_more_crashes_than_workers(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        (src / f"crash{i}.docx").write_bytes(b"CRASH%d" % i)
        (src / f"segv{i}.docx").write_bytes(b"SEGV%d" % i)
        (src / f"exit{i}.docx").write_bytes(b"EXIT%d" % i)
        make_docx(src / f"ok{i}.docx", f"单位{i}")
    out = str(tmp_path / "out")
    summary = pipeline.run([str(src)], out, workers=2, process=fake_process, formats=("csv",))
    rows = read_csv(os.path.join(out, "manifest.csv"))
    assert len(rows) == 20
    assert summary.by_status == {"ok": 5, "failed": 15}
    reasons = {r["error"] for r in rows if r["status"] == "failed"}
    assert any("SIGSEGV" in r for r in reasons) and any("exit code 3" in r for r in reasons)


def test_second_run_on_same_output_is_refused(tmp_path):
    from ingest.cache import RunLock
    out = tmp_path / "out"
    lock = RunLock(str(out))
    assert lock.acquire()
    try:
        with pytest.raises(pipeline.RunError):
            pipeline.run([str(tmp_path)], str(out), process=fake_process)
    finally:
        lock.release()


# --- the command line -----------------------------------------------------------------------

def test_cli_usage_errors_exit_2(tmp_path):
    from click.testing import CliRunner
    from ingest.cli import main
    runner = CliRunner()
    missing = runner.invoke(main, ["run", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2
    (tmp_path / "a.docx").write_bytes(b"x")
    bad = runner.invoke(main, ["run", str(tmp_path / "a.docx"), "-o", str(tmp_path / "o"),
                               "--format", "csv,pdf"])
    assert bad.exit_code == 2 and "csv" in bad.output
    no_out = runner.invoke(main, ["run", str(tmp_path / "a.docx")])
    assert no_out.exit_code == 2


def test_cli_run_prints_summary_and_exits_0_with_failures(tmp_path):
    from click.testing import CliRunner
    from ingest.cli import main
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.docx").write_bytes(b"")
    (src / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--workers", "1",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "files found: 2" in result.output and str(out) in result.output
    assert (out / "manifest.csv").exists() and not (out / "manifest.parquet").exists()


def test_cli_show_one_file_and_archive_member(tmp_path):
    from click.testing import CliRunner
    from ingest.cli import main
    samples = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "samples",
                                            "*.docx")))
    if not samples:
        pytest.skip("samples not generated")
    result = CliRunner().invoke(main, ["show", samples[0]])
    assert result.exit_code == 0, result.output
    assert "status: " in result.output and "report_id" in result.output
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(samples[0], "内层/report.docx")
    member = f"{archive}!/内层/report.docx"
    result = CliRunner().invoke(main, ["show", member])
    assert result.exit_code == 0, result.output
    assert "report_id" in result.output and "内层/report.docx" in result.output
    missing = CliRunner().invoke(main, ["show", f"{archive}!/nope.docx"])
    assert missing.exit_code == 1
