"""The same run on a Dask cluster: same bytes as the local pool, failures contained.

A `distributed.LocalCluster` of two worker processes stands in for a cluster. The corpus
and the steered `fake_process` of test_pipeline give hangs, crashes and exceptions; the
real `process_file` runs on the samples. One test kills a real Dask worker process in
the middle of a file (the worker that took the first task says which it is in a marker
file) and the run must still account for every file, with the bytes of a local run.
"""
from __future__ import annotations

import filecmp
import glob
import os
import shutil
import signal
import threading
import time

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from ingest import pipeline  # noqa: E402
from ingest.cluster import KILL_MARK_ENV  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402
from tests.ingest.test_pipeline import corpus, fake_process  # noqa: E402,F401

TABLE_FORMATS = ("csv", "parquet")


def _cluster():
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                        dashboard_address=None)


@pytest.fixture(scope="module")
def cluster():
    with _cluster() as c:
        yield c


def _same_tables(a, b):
    names = sorted(n for n in os.listdir(a) if n.endswith((".csv", ".parquet")))
    assert names and names == sorted(n for n in os.listdir(b) if n.endswith((".csv", ".parquet")))
    for name in names:
        assert filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False), name


@pytest.fixture(scope="module")
def samples_in(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))[:8]:
        shutil.copy(path, folder / os.path.basename(path))
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return str(folder)


def test_cluster_run_is_a_local_run(samples_in, cluster, tmp_path):
    local, remote = str(tmp_path / "local"), str(tmp_path / "remote")
    a = pipeline.run([samples_in], local, workers=2, quiet=True, formats=TABLE_FORMATS)
    b = pipeline.run([samples_in], remote, quiet=True, formats=TABLE_FORMATS,
                     scheduler=cluster.scheduler_address)
    assert a.by_status == b.by_status and a.by_status.get("failed") == 1
    assert b.n_reports == 8 and b.n_facts == a.n_facts > 100
    _same_tables(local, remote)
    again = pipeline.run([samples_in], remote, quiet=True, formats=TABLE_FORMATS,
                         scheduler=cluster.scheduler_address)
    assert again.n_processed == 0 and again.n_reused == b.n_processed == 8  # from the cache
    _same_tables(local, remote)


def test_hangs_and_crashes_fail_alone_on_the_cluster(corpus, cluster, tmp_path):
    local, remote = str(tmp_path / "local"), str(tmp_path / "remote")
    pipeline.run([str(corpus)], local, workers=2, timeout=3, process=fake_process,
                 quiet=True, formats=TABLE_FORMATS)
    summary = pipeline.run([str(corpus)], remote, timeout=3, process=fake_process,
                           quiet=True, formats=TABLE_FORMATS,
                           scheduler=cluster.scheduler_address)
    assert summary.by_status == {"ok": 3, "skipped": 6, "failed": 3}
    # the timeout, the crash (SIGKILL) and the exception read as in a local run
    _same_tables(local, remote)
    assert len(cluster.scheduler_info["workers"]) == 2  # the workers themselves survived


def test_a_worker_killed_mid_run(samples_in, tmp_path, monkeypatch):
    mark = tmp_path / "mark"
    mark.mkdir()
    monkeypatch.setenv(KILL_MARK_ENV, str(mark))   # read by the workers started below
    local, remote = str(tmp_path / "local"), str(tmp_path / "remote")
    pipeline.run([samples_in], local, workers=2, quiet=True, formats=TABLE_FORMATS)
    with _cluster() as c:
        with Client(c) as client:
            pids = set(client.run(os.getpid).values())   # the two worker processes
        assert len(pids) == 2 and os.getpid() not in pids
        done = {}
        runner = threading.Thread(target=lambda: done.update(summary=pipeline.run(
            [samples_in], remote, quiet=True, formats=TABLE_FORMATS,
            scheduler=c.scheduler_address)))
        runner.start()
        victim = mark / "victim.pid"
        deadline = time.monotonic() + 120
        while not victim.exists() or not victim.read_text():
            assert time.monotonic() < deadline and runner.is_alive(), "no task marked its worker"
            time.sleep(0.05)
        pid = int(victim.read_text())
        assert pid in pids
        os.kill(pid, signal.SIGKILL)
        runner.join(300)
        assert not runner.is_alive()
    summary = done["summary"]
    assert summary.n_files == 9 and sum(summary.by_status.values()) == 9
    assert summary.by_status.get("failed") == 1     # only the broken file
    _same_tables(local, remote)


@pytest.mark.slow
def test_command_line_dask_flag(samples_in, tmp_path):
    from click.testing import CliRunner

    from ingest.cli import main

    local, remote = str(tmp_path / "local"), str(tmp_path / "remote")
    args = ["run", samples_in, "--format", "csv,parquet", "--quiet", "--workers", "2"]
    assert CliRunner().invoke(main, args + ["-o", local]).exit_code == 0
    result = CliRunner().invoke(main, args + ["-o", remote, "--dask"])
    assert result.exit_code == 0, result.output
    _same_tables(local, remote)
    both = CliRunner().invoke(main, args + ["-o", remote, "--dask", "--scheduler", "tcp://x:1"])
    assert both.exit_code == 2 and "只能选一个" in both.output


def test_a_task_reads_its_file_from_a_url():
    """What a remote worker does with an input given as a URL: fetch it, then process it."""
    import hashlib

    from ingest.cluster import cluster_task
    from ingest.worker import process_file

    path = sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))[0]
    data = open(path, "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    by_url = cluster_task(process_file, (None, "x.docx", sha, None, "file://" + path), 60)
    by_bytes = cluster_task(process_file, (None, "x.docx", sha, data, None), 60)
    by_path = cluster_task(process_file, (path, "x.docx", sha, None, None), 60)
    assert by_url[0]["status"] in ("ok", "partial") and by_url[1]["facts"]
    for meta, blobs in (by_bytes, by_path):
        assert blobs == by_url[1]
        assert dict(meta, seconds=0) == dict(by_url[0], seconds=0)
