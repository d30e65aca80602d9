"""A run killed part-way (SIGKILL to the real `jixiao run` process) and rerun ends with the
same bytes as a run that never stopped; Ctrl-C behaves the same way.

No timing assumptions: `JIXIAO_DEBUG_GATE` lets the workers finish exactly as many files
as the test hands out tokens for, so the interruption lands mid-run on any machine, and
the tests assert on what is on disk, not on how fast it got there.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from tests.ingest.test_bulk_bad_inputs import good_samples, with_comment

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = ("manifest", "reports", "facts", "scores", "indicators", "sections", "discrepancies")
N_COPIES = 48


def jixiao(*args, delay=None, gate=None, **kw):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("JIXIAO_DEBUG_DELAY", None)
    env.pop("JIXIAO_DEBUG_GATE", None)
    if delay:
        env["JIXIAO_DEBUG_DELAY"] = str(delay)
    if gate:
        env["JIXIAO_DEBUG_GATE"] = gate
    cmd = [sys.executable, "-m", "ingest.cli", "run", *args, "--workers", "2"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_ctrl_c_as_at_a_terminal, **kw)


def _ctrl_c_as_at_a_terminal():
    """Ctrl-C reaches the run as it does at a terminal. A suite started in the background
    of a non-interactive shell (`cmd &`, nohup) inherits SIGINT ignored, and Python then
    never raises KeyboardInterrupt: the Ctrl-C test would wait forever for a run that
    rightly ignores the signal it was told to ignore."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def tokens(tmp_path, n) -> str:
    """A JIXIAO_DEBUG_GATE folder letting the run's workers finish exactly n files."""
    gate = tmp_path / "gate"
    gate.mkdir()
    for i in range(n):
        (gate / f"token{i:03d}").write_bytes(b"")
    return str(gate)


def cached(out) -> int:
    return len(glob.glob(os.path.join(out, ".jixiao-cache", "*", "*.pkl")))


def wait_for_results(proc, out, n, limit=120):
    deadline = time.monotonic() + limit
    while cached(out) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.02)


def outputs(out) -> dict:
    return {name: open(os.path.join(out, name + ".csv"), "rb").read() for name in TABLES}


def assert_same_tables(a, b):
    assert outputs(a) == outputs(b)
    for name in TABLES:
        pa = pd.read_parquet(os.path.join(a, name + ".parquet"))
        pb = pd.read_parquet(os.path.join(b, name + ".parquet"))
        pd.testing.assert_frame_equal(pa, pb)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Copies of the DOCX samples made distinct by their zip comment, plus odd files."""
    root = tmp_path_factory.mktemp("resume")
    src = root / "in"
    (src / "batch").mkdir(parents=True)
    docx = [p for p in good_samples() if p.endswith(".docx")]
    for i in range(N_COPIES):
        data = open(docx[i % len(docx)], "rb").read()
        (src / "batch" / f"r{i:03d}.docx").write_bytes(with_comment(data, b"copy %d" % i))
    (src / "dup.docx").write_bytes((src / "batch" / "r000.docx").read_bytes())
    (src / "~$r000.docx").write_bytes(b"lock")
    (src / "empty.pdf").write_bytes(b"")
    reference = root / "reference"
    proc = jixiao(str(src), "-o", str(reference))
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return src, reference


def test_sigkill_then_rerun_gives_identical_output(corpus, tmp_path):
    src, reference = corpus
    out = tmp_path / "out"
    proc = jixiao(str(src), "-o", str(out), gate=tokens(tmp_path, 6))
    wait_for_results(proc, str(out), 6, limit=600)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = cached(str(out))
    assert done < N_COPIES, "the run finished before it could be killed"
    assert not glob.glob(str(out / "*.csv")), "tables appeared before the run finished"

    rerun = jixiao(str(src), "-o", str(out))
    stdout, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr.decode()
    text = stdout.decode()
    assert "reused from earlier runs:" in text
    reused = int(text.split("reused from earlier runs:")[1].split(",")[0])
    assert done <= reused < N_COPIES
    assert_same_tables(str(out), str(reference))
    assert not [n for n in os.listdir(out / ".jixiao-cache") if n.startswith("tmp-")]


def test_interrupted_update_keeps_old_tables_whole(corpus, tmp_path):
    """Killed while adding new files: the previous tables stay readable, then catch up."""
    src, reference = corpus
    partial_src = tmp_path / "in"
    shutil.copytree(src, partial_src)
    moved = sorted((partial_src / "batch").iterdir())[N_COPIES // 2:]
    parked = tmp_path / "parked"
    parked.mkdir()
    for p in moved:
        p.rename(parked / p.name)
    out = tmp_path / "out"
    first = jixiao(str(partial_src), "-o", str(out))
    assert first.wait(timeout=600) == 0
    before = outputs(str(out))

    for p in moved:
        (parked / p.name).rename(p)
    proc = jixiao(str(partial_src), "-o", str(out), gate=tokens(tmp_path, 4))
    wait_for_results(proc, str(out), cached(str(out)) + 4, limit=600)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert outputs(str(out)) == before

    rerun = jixiao(str(partial_src), "-o", str(out))
    assert rerun.wait(timeout=600) == 0
    # Same files, same names relative to the input folder: compare with the reference
    # after mapping the folder name.
    got = outputs(str(out))
    want = {k: v.replace(str(src).encode(), str(partial_src).encode())
            for k, v in outputs(str(reference)).items()}
    assert got == want


def test_ctrl_c_stops_cleanly_and_resumes(corpus, tmp_path):
    """Deterministic: the workers may finish exactly 4 files (JIXIAO_DEBUG_GATE tokens),
    so when those 4 results are in the run is certainly still going — on any machine."""
    src, reference = corpus
    out = tmp_path / "out"
    gate = tokens(tmp_path, 4)
    proc = jixiao(str(src), "-o", str(out), gate=gate)
    wait_for_results(proc, str(out), 4, limit=600)
    assert proc.poll() is None and not os.listdir(gate)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr.decode()
    assert cached(str(out)) == 4
    assert "重新运行" in stderr.decode()
    assert not [n for n in os.listdir(out / ".jixiao-cache") if n.startswith("tmp-")]
    rerun = jixiao(str(src), "-o", str(out))
    assert rerun.wait(timeout=600) == 0
    assert_same_tables(str(out), str(reference))
