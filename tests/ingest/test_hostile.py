"""One `jixiao run` over the good samples plus every hostile input we know of: names
that are not UTF-8 (on disk and in zips), names with newlines or of 240 bytes, empty
files of every suffix, a FIFO, a folder named like a document, symlink loops, a file
deleted after it was found, an encrypted PDF, and a worker killed with SIGKILL in the
middle of a file. The run exits 0, lists every file once, and the good samples' rows are
exactly those of a clean run.

Nothing here depends on timing: the worker to kill announces itself (the HOLD test hook
of `ingest.pool`: it writes its own pid and waits), the test deletes a file the single
worker has not reached yet, then kills that pid. Waits have generous deadlines only so a
broken run cannot hang the suite.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from ingest.names import display_path
from ingest.pool import HOLD_ENV, HOLD_NAME_ENV
from tests.conftest import SAMPLES, docx_bytes, zip_bytes
from tests.ingest.test_pdf_failures import encrypted

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = ("manifest", "reports", "facts", "scores", "indicators", "budget_execution",
          "sections", "discrepancies")
EMPTY_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".pdf", ".xlsx", ".xls", ".ods", ".odt",
                  ".html", ".htm", ".mht", ".txt", ".zip", ".png", ".jpg", "")
GBK_NAME = "2021年度部门整体支出绩效自评报告.docx"
LONG_NAME = "a" + "长" * 78 + ".docx"  # 240 bytes in UTF-8, near the 255-byte limit
HOLD_NAME = "hold-this-worker.docx"
WAIT = 600  # seconds: only a hung run ever comes near this


def raw_zip(path: str, members: dict) -> None:
    """A zip whose member names are the given raw bytes, without the UTF-8 flag."""
    placeholders = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (raw, data) in enumerate(members.items()):
            ph = (f"{i:03d}" + "q" * len(raw))[:len(raw)]
            placeholders[ph.encode()] = raw
            zf.writestr(ph, data)
    blob = open(path, "rb").read()
    for ph, raw in placeholders.items():
        assert blob.count(ph) == 2  # local header and central directory
        blob = blob.replace(ph, raw)
    open(path, "wb").write(blob)


def build(root: str) -> dict:
    docx = sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))
    pdf = sorted(glob.glob(os.path.join(SAMPLES, "pdf", "*.pdf")))
    good, hostile = os.path.join(root, "good"), os.path.join(root, "hostile")
    os.makedirs(good)
    os.makedirs(os.path.join(hostile, "a-first"))
    for src in docx[:4] + pdf[:2]:
        shutil.copyfile(src, os.path.join(good, os.path.basename(src)))
    spare = iter(docx[4:])
    h = hostile.encode()

    def put(rel, data: bytes):
        path = os.path.join(h, rel if isinstance(rel, bytes) else rel.encode())
        with open(path, "wb") as fh:
            fh.write(data)
        return path

    # processed first by the single worker, which waits there until the test kills it
    shutil.copyfile(next(spare), os.path.join(hostile, "a-first", HOLD_NAME))
    put(b"bad\xff\xfe.docx", open(next(spare), "rb").read())
    put(GBK_NAME.encode("gbk"), open(next(spare), "rb").read())
    put("line\nbreak.docx", docx_bytes("名字里有换行"))
    put(LONG_NAME, docx_bytes("很长的名字"))
    for suffix in EMPTY_SUFFIXES:
        put(f"empty{suffix}", b"")
    os.mkfifo(os.path.join(hostile, "pipe.docx"))
    os.makedirs(os.path.join(hostile, "folder.docx"))
    put("folder.docx/inside.docx", docx_bytes("文件夹名像文档"))
    os.symlink("loop.docx", os.path.join(hostile, "loop.docx"))
    os.symlink("ping.docx", os.path.join(hostile, "pong.docx"))
    os.symlink("pong.docx", os.path.join(hostile, "ping.docx"))
    os.makedirs(os.path.join(hostile, "sub"))
    os.symlink("..", os.path.join(hostile, "sub", "up"))
    encrypted(os.path.join(hostile, "locked.pdf"))
    twin = open(next(spare), "rb").read()
    put("traversal.zip", zip_bytes({"../../x.docx": twin, "ok.docx": twin,
                                    "empty-member.docx": b""}))
    raw_zip(os.path.join(hostile, "names.zip"),
            {GBK_NAME.encode("gbk"): open(next(spare), "rb").read(),
             b"bad\xff.docx": docx_bytes("解不开的名字"),
             b"nl\nname.docx": docx_bytes("压缩包里的换行")})
    deleted = os.path.join(hostile, "z-deleted.docx")
    shutil.copyfile(next(spare), deleted)
    return {"good": good, "hostile": hostile, "deleted": deleted}


def jixiao(inputs, out, env=None):
    extra, env = env or {}, dict(os.environ, PYTHONPATH=ROOT)
    for name in ("JIXIAO_DEBUG_DELAY", HOLD_ENV, HOLD_NAME_ENV):
        env.pop(name, None)
    env.update(extra)
    cmd = [sys.executable, "-m", "ingest.cli", "run", *inputs, "-o", out, "--workers", "1",
           "--timeout", str(WAIT), "--quiet"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_for(path: str, proc) -> str:
    deadline = time.monotonic() + WAIT
    while not os.path.exists(path):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the held worker never announced itself"
        time.sleep(0.05)
    return open(path).read()


def read(out, table) -> list:
    with open(os.path.join(out, table + ".csv"), newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("hostile"))
    made = build(os.path.join(root, "in"))
    clean_out, out = os.path.join(root, "clean"), os.path.join(root, "out")
    clean = jixiao([made["good"]], clean_out)
    assert clean.wait(WAIT) == 0, clean.communicate()
    # what os.walk calls files: regular files, the FIFO, links that lead nowhere
    listed = sorted(display_path(os.path.join(d, f)) for top in (made["good"], made["hostile"])
                    for d, _, files in os.walk(top) for f in files)
    marker = os.path.join(root, "held.pid")
    proc = jixiao([os.path.join(root, "in")], out,
                  env={HOLD_ENV: marker, HOLD_NAME_ENV: HOLD_NAME})
    pid = int(wait_for(marker, proc))
    assert pid != proc.pid
    os.kill(pid, 0)  # the worker that wrote its pid is alive, waiting in its file
    os.unlink(made["deleted"])  # found by discovery, not yet opened by the only worker
    os.kill(pid, signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=WAIT)
    return dict(made, root=root, out=out, clean=clean_out, rc=proc.returncode,
                stdout=stdout.decode("utf-8", "replace"), stderr=stderr.decode("utf-8", "replace"),
                listed=listed, rows=read(out, "manifest"))


def row(runs, suffix):
    found = [r for r in runs["rows"] if r["source_file"].endswith(suffix)]
    assert len(found) == 1, (suffix, [r["source_file"] for r in runs["rows"]])
    return found[0]


def test_run_exits_0_and_lists_every_file_once(runs):
    assert runs["rc"] == 0, runs["stderr"]
    with open(os.path.join(runs["out"], "run.json"), encoding="utf-8") as fh:
        info = json.load(fh)
    assert not info["output_errors"]  # every writer on main took the hostile names
    for name in info["outputs"]:
        assert os.path.getsize(os.path.join(runs["out"], name)) > 0, name
    names = [r["source_file"] for r in runs["rows"]]
    assert len(names) == len(set(names))
    plain = {n for n in names if "!/" not in n}
    archives = {n.split("!/")[0] for n in names if "!/" in n}
    # every file on disk is a row (or the archive its rows come from); nothing else is
    assert set(runs["listed"]) == plain | archives
    for r in runs["rows"]:
        assert r["status"] in ("ok", "partial", "failed", "skipped"), r
        if r["status"] in ("failed", "skipped"):
            assert r["error"].strip(), r
        assert "\n" not in r["source_file"] and "\n" not in r["error"]
    members = {n.split("!/")[1] for n in names if "!/" in n}
    assert members == {"../../x.docx", "ok.docx", "empty-member.docx", GBK_NAME,
                       "bad\\xff.docx", "nl\\nname.docx"}


def test_good_rows_unchanged_by_hostile_neighbours(runs):
    alone = read(runs["clean"], "manifest")
    ids = {r["report_id"] for r in alone if r["report_id"]}
    assert len(ids) == 6
    together = {r["source_file"]: r for r in runs["rows"]}
    for r in alone:
        assert together[r["source_file"]] == r
    for table in TABLES[1:]:
        a = read(runs["clean"], table)
        b = [r for r in read(runs["out"], table) if r["report_id"] in ids]
        assert a == b, table


def test_names_are_faithful_and_printable(runs):
    for suffix in ("hostile/bad\\xff\\xfe.docx", "hostile/" + GBK_NAME, "traversal.zip!/ok.docx",
                   "names.zip!/" + GBK_NAME):
        assert row(runs, suffix)["status"] == "ok", suffix
    assert row(runs, "hostile/line\\nbreak.docx")["status"] == "skipped"  # not a report
    assert row(runs, "hostile/" + LONG_NAME)["status"] == "skipped"
    assert row(runs, "names.zip!/bad\\xff.docx")["status"] == "skipped"
    reports = {os.path.basename(r["source_file"]) for r in read(runs["out"], "reports")}
    assert {"bad\\xff\\xfe.docx", GBK_NAME} <= reports
    log = open(os.path.join(runs["out"], "jixiao.log"), encoding="utf-8").read()
    assert "line\\nbreak.docx" in log and "nl\\nname.docx" in log


def test_empty_files_skipped_never_duplicates(runs):
    empties = [r for r in runs["rows"] if "empty" in os.path.basename(r["source_file"])]
    assert len(empties) == len(EMPTY_SUFFIXES) + 1
    for r in empties:
        assert r["status"] == "skipped" and "文件为空" in r["error"], r
        assert not r["duplicate_of"] and not r["sha256"], r


def test_odd_file_kinds(runs):
    fifo = row(runs, "hostile/pipe.docx")
    assert fifo["status"] == "skipped" and "不是普通文件" in fifo["error"]
    assert row(runs, "folder.docx/inside.docx")["status"] == "skipped"
    for name in ("loop.docx", "ping.docx", "pong.docx"):
        r = row(runs, "hostile/" + name)
        assert r["status"] == "failed" and "符号链接循环" in r["error"], r
    locked = row(runs, "locked.pdf")
    assert locked["status"] == "failed" and "加密" in locked["error"]


def test_deleted_and_killed_files_fail_alone_with_reasons(runs):
    held = row(runs, HOLD_NAME)
    assert held["status"] == "failed" and "SIGKILL" in held["error"], held
    gone = row(runs, "z-deleted.docx")
    assert gone["status"] == "failed" and "删除" in gone["error"], gone


def test_traversal_name_is_the_duplicate_and_writes_nothing_outside(runs):
    ok, evil = row(runs, "traversal.zip!/ok.docx"), row(runs, "traversal.zip!/../../x.docx")
    assert ok["status"] == "ok" and not ok["duplicate_of"]
    assert evil["status"] == "skipped" and evil["duplicate_of"] == ok["source_file"]
    top = os.path.dirname(runs["root"])
    assert not [p for p in glob.glob(os.path.join(top, "**", "x.docx"), recursive=True)]
