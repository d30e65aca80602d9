"""The same per-file work on a Dask cluster (`--scheduler tcp://HOST:8786` or `--dask`).

The parent does what it does for the local pool: it finds the files, skips those the
cache already holds, stores each result in the cache as it comes back and writes the
tables from the cache in input order, so the output is byte for byte a local run's and
an interrupted run resumes. Only the processing moves: each file is one Dask task, which
runs it in a child process of the Dask worker (`ingest.isolated`), so a hang is cut at
the time limit and a crash fails that file alone. A Dask worker that dies mid-file (out of
memory, killed) has its task rerun elsewhere by the scheduler; a file that kills workers
again and again (Dask's `allowed-failures`) is recorded as failed with that reason.

Files a remote worker cannot see (archive members extracted to the parent's temporary
folder) travel with their task as bytes; files given as fsspec URLs are read by the
workers themselves; other paths must be reachable by the workers under the same name
(a shared mount).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import uuid

from .cache import Cache
from .pool import _cpu_count

KILL_MARK_ENV = "JIXIAO_DEBUG_KILL_MARK"   # test hook: folder where one task marks its worker
LOCAL = "local"

_children = threading.local()


def cluster_task(process, payload: tuple, timeout: float) -> tuple:
    """Runs on a Dask worker: (meta, encoded rows) of one file, isolated in a child."""
    from .isolated import Child

    path, source_file, sha, data, url = payload
    _kill_mark_hook()
    folder = None
    try:
        if data is not None or url is not None:
            folder = tempfile.mkdtemp(prefix="jixiao-task-")
            path = os.path.join(folder, "input" + os.path.splitext(source_file)[1][:10])
            _fetch(path, data, url)
        child = getattr(_children, "child", None)
        if child is None or child.process is not process and child.process != process:
            if child is not None:
                child.close()
            child = _children.child = Child(process)
        meta, blobs = child.run((path, source_file, sha), timeout)
        if meta.get("pipeline_failure"):
            _children.child = None  # it was killed; the next file gets a fresh one
        return meta, blobs
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _fetch(path: str, data, url) -> None:
    if data is not None:
        with open(path, "wb") as fh:
            fh.write(data)
        return
    import fsspec

    with fsspec.open(url, "rb") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)


def _kill_mark_hook() -> None:
    """Test hook: the first task to run writes its worker's pid and waits to be killed.

    The mark is created exclusively, so exactly one task (the first to start, on
    whichever worker) waits; the test reads the pid from the file and kills that process,
    and the rerun of the task elsewhere finds the mark and goes on normally.
    """
    folder = os.environ.get(KILL_MARK_ENV)
    if not folder:
        return
    try:
        fd = os.open(os.path.join(folder, "victim.pid"), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as fh:
        fh.write(str(os.getpid()))
    import time
    time.sleep(600)


class ClusterPool:
    """Same interface as `ingest.pool.Pool`: run(tasks, advance), results into the cache."""

    def __init__(self, process, cache: Cache, tmp: str, workers, timeout: float,
                 scheduler: str, entries_url=None):
        self.process, self.cache, self.tmp = process, cache, os.path.realpath(tmp)
        self.timeout, self.scheduler = float(timeout), scheduler
        self.n_workers = max(1, workers or _cpu_count())
        self.urls = entries_url or {}

    def run(self, tasks: list, advance) -> None:
        if not tasks:
            return
        from distributed import as_completed

        client, cluster = self._connect()
        try:
            run_id = uuid.uuid4().hex[:12]
            futures, by_key = [], {}
            for task in tasks:
                idx, path, source_file, sha, key = task
                fut = client.submit(cluster_task, self.process, self._payload(task),
                                    self.timeout, key=f"jixiao-{run_id}-{idx}", pure=False)
                futures.append(fut)
                by_key[fut.key] = task
            for fut in as_completed(futures):
                task = by_key[fut.key]
                try:
                    meta, blobs = fut.result()
                except Exception as exc:  # the task could not run: record why
                    from .isolated import failure
                    meta, blobs = failure(task[1], _lost_reason(exc), "cluster", self.timeout), {}
                fut.release()
                self.cache.store(task[4], meta, blobs)
                advance(meta["status"])
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _payload(self, task) -> tuple:
        idx, path, source_file, sha, key = task
        if self.scheduler == LOCAL:
            return path, source_file, sha, None, None
        url = self.urls.get(idx)
        if url:
            return None, source_file, sha, None, url
        if os.path.realpath(path).startswith(self.tmp + os.sep):
            with open(path, "rb") as fh:  # extracted here: a remote worker cannot see it
                return None, source_file, sha, fh.read(), None
        return os.path.abspath(path), source_file, sha, None, None

    def _connect(self):
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler == LOCAL:
            cluster = LocalCluster(n_workers=self.n_workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            return Client(cluster), cluster
        return Client(self.scheduler, timeout="30s"), None


def _lost_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "处理该文件时 Dask 工作进程多次退出（可能内存不足或崩溃），已记为失败；请单独检查该文件"
    text = " ".join(str(exc).split())[:120]
    return f"集群未能处理该文件（{name}: {text}），已记为失败；重新运行即可重试"
