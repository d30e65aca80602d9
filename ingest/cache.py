"""Per-file results kept on disk as they finish, so an interrupted run resumes.

Layout: `OUT/.jixiao-cache/<code version>/<key>.pkl`, one file per processed input,
written to a temporary name and renamed (a kill mid-write leaves no torn entry; an entry
that fails to load is treated as missing). The key is the file's sha256 plus its
source path: the path can feed the result (a year read from the file name), so the same
bytes under another name are not assumed to give the same rows.

The code version is a hash of the sources that make results (parsers, normalizers, the
worker and schema, the processing function's own module) and of the versions of the
libraries they read files with; when it changes, old results are not reused.

Each entry holds the small `meta` (status, reason, format, report id, timing) and, per
output table, its rows as tuples in schema order (`ingest.rows`) pickled separately, so
the parent unpickles one table of one report at a time while it streams the tables out.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from importlib import metadata

CACHE_DIRNAME = ".jixiao-cache"
FORMAT = 3
LIBRARIES = ("python-docx", "lxml", "pdfplumber", "pdfminer.six", "pypdfium2", "jieba",
             "rapidocr-onnxruntime", "onnxruntime", "opencv-python-headless")
OPTION_ENV = ("JIXIAO_OCR", "JIXIAO_OCR_ENGINE")  # settings that change what a file gives
SOURCE_PACKAGES = ("parsers", "normalizers")
SOURCE_MODULES = ("ingest/worker.py", "ingest/schema.py")
EXTENSION_ENV = ("JIXIAO_LABELS", "JIXIAO_RULES")


def code_version(process=None) -> str:
    """A short hash that changes whenever the code or libraries that make results do."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = hashlib.sha256(f"jixiao-cache-{FORMAT}|{sys.version_info[:2]}".encode())
    files = [os.path.join(root, m) for m in SOURCE_MODULES]
    for package in SOURCE_PACKAGES:
        for folder, dirs, names in os.walk(os.path.join(root, package)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(os.path.join(folder, n) for n in sorted(names)
                         if n.endswith((".py", ".csv", ".json", ".txt", ".yaml", ".yml")))
    for env in EXTENSION_ENV:  # user label/rule files change results as much as code does
        files.extend(p for p in os.environ.get(env, "").split(os.pathsep) if p)
    for env in OPTION_ENV:
        h.update(f"{env}={os.environ.get(env, '')}".encode())
    module = sys.modules.get(getattr(process, "__module__", "") or "")
    if module is not None and getattr(module, "__file__", None):
        files.append(module.__file__)
        h.update(getattr(process, "__qualname__", "").encode())
    for path in files:
        if os.path.isfile(path):
            h.update(os.path.relpath(path, root).encode() + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()[:16]


def entry_key(sha256: str, source_file: str) -> str:
    return sha256 + "-" + hashlib.sha256(source_file.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Cache:
    """Results of one code version under OUT/.jixiao-cache/<version>/."""

    def __init__(self, out: str, version: str):
        self.root = os.path.join(out, CACHE_DIRNAME)
        self.dir = os.path.join(self.root, version)
        self.version = version
        os.makedirs(self.dir, exist_ok=True)

    def prune_other_versions(self) -> None:
        """Remove results of other code versions (call while holding the run lock)."""
        for name in os.listdir(self.root):
            path = os.path.join(self.root, name)
            if name != self.version and os.path.isdir(path) and not name.startswith("tmp-"):
                shutil.rmtree(path, ignore_errors=True)

    def path(self, key: str) -> str:
        return os.path.join(self.dir, key + ".pkl")

    def keys(self) -> set:
        return {n[:-4] for n in os.listdir(self.dir) if n.endswith(".pkl")}

    def store(self, key: str, meta: dict, blobs: dict) -> None:
        """Write one result atomically; `blobs` is `ingest.rows.encode_result`'s output.

        The file holds two pickles in a row: the meta, then {table: pickled rows}, so
        reading the meta does not read the rows.
        """
        fd, tmp = tempfile.mkstemp(prefix="." + key, suffix=".tmp", dir=self.dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(dict(meta, format=FORMAT), fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(blobs, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path(key))
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _read(self, key: str, with_tables: bool):
        try:
            with open(self.path(key), "rb") as fh:
                meta = pickle.load(fh)
                if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                    return None
                return (meta, pickle.load(fh)) if with_tables else (meta, None)
        except FileNotFoundError:
            return None
        except Exception:  # torn or foreign file: recompute rather than trust it
            return None

    def meta(self, key: str):
        """The stored meta (status, reason, ...), or None if missing or damaged."""
        found = self._read(key, with_tables=False)
        return None if found is None else found[0]

    def result(self, key: str):
        """(meta, {table: encoded rows}) of one result, or None if missing or damaged.

        One open for both: the rows are read only for a report (`ok`/`partial` with a
        report id), and rows that fail to load are no rows, as with `tables`.
        """
        try:
            with open(self.path(key), "rb") as fh:
                meta = pickle.load(fh)
                if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                    return None
                if meta.get("status") not in ("ok", "partial") or not meta.get("report_id"):
                    return meta, {}
                try:
                    return meta, pickle.load(fh)
                except Exception:  # torn rows: the meta stands, the rows are missing
                    return meta, {}
        except FileNotFoundError:
            return None
        except Exception:  # torn or foreign file: recompute rather than trust it
            return None

    def tables(self, key: str) -> dict:
        """{table: encoded rows} of one result ({} if missing or damaged)."""
        found = self._read(key, with_tables=True)
        return {} if found is None else found[1]


class RunLock:
    """An exclusive lock on OUT, so two runs never write the same output at once."""

    def __init__(self, out: str):
        self.path = os.path.join(out, CACHE_DIRNAME, "lock")
        self.fh = None

    def acquire(self) -> bool:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; runs are trusted not to overlap
            return True
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            self.fh = None
            return False
        return True

    def release(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
