"""Inputs and OUT as fsspec URLs (`s3://bucket/reports/`, `memory://in`, `file:///data`).

A run reads and writes local files; URLs are mapped onto that at the edges so nothing in
between changes:

- An input URL is copied once into the run's temporary folder, keeping the names under it
  (every file must be read anyway, to hash it), and found there like any local folder;
  the files found are then named by their URLs again (`s3://b/r/x.docx`,
  `s3://b/r/a.zip!/y.docx`), and a Dask worker is sent the URL to read itself.
- An OUT URL gets a local staging folder that persists between runs (so the cache and
  resuming work as for a local OUT); the finished outputs are uploaded at the end, each
  under a temporary name first and then moved into place.
- `file://` URLs are plain paths.
"""
from __future__ import annotations

import hashlib
import os
import shutil

STAGING_ENV = "JIXIAO_STAGING"   # where OUT URLs are staged (default ~/.cache/jixiao/staging)


def is_url(text: str) -> bool:
    return isinstance(text, str) and ("://" in text or "::" in text)


def _fs(url: str):
    import fsspec

    return fsspec.core.url_to_fs(url)


def local_path(text: str) -> str:
    """A `file://` URL as its path; anything else unchanged."""
    if not is_url(text):
        return text
    from fsspec.implementations.local import LocalFileSystem

    fs, path = _fs(text)
    return path if isinstance(fs, LocalFileSystem) else text


def exists(text: str) -> bool:
    text = local_path(text)
    if not is_url(text):
        return os.path.lexists(text)
    fs, path = _fs(text)
    return fs.exists(path)


class StagedInputs:
    """Local copies of the URL inputs, and the way back from local names to URLs."""

    def __init__(self, inputs, folder: str):
        self.local, self.prefixes = [], []   # prefixes: (local root, URL root)
        for n, given in enumerate(inputs):
            given = local_path(str(given))
            if not is_url(given):
                self.local.append(given)
                continue
            root = os.path.join(folder, str(n))
            self.local.append(self._copy(given, root))
            self.prefixes.append((self.local[-1], given.rstrip("/") if self._isdir else given))

    def _copy(self, url: str, root: str) -> str:
        fs, path = _fs(url)
        self._isdir = fs.isdir(path)
        if not self._isdir:
            target = os.path.join(root, _safe(path.rstrip("/").rsplit("/", 1)[-1]))
            _download(fs, path, target)
            return target
        base = path.rstrip("/")
        for name in sorted(fs.find(path)):
            rel = name[len(base):].lstrip("/") if name.startswith(base) else name
            _download(fs, name, os.path.join(root, *[_safe(p) for p in rel.split("/") if p]))
        os.makedirs(root, exist_ok=True)
        return root

    def url_of(self, name: str) -> str:
        """The URL a local name (path, or `path!/member`) stands for; '' if local."""
        for local, url in self.prefixes:
            if name == local:
                return url
            if name.startswith(local + os.sep):
                return url + "/" + name[len(local) + 1:].replace(os.sep, "/")
        return ""

    def rename(self, entries: list) -> dict:
        """Name URL entries by their URLs; return {index: URL} of plain remote files."""
        urls = {}
        if not self.prefixes:
            return urls
        for i, e in enumerate(entries):
            url = self.url_of(e.source_file)
            if not url:
                continue
            if e.error:
                e.error = e.error.replace(e.source_file, url)
            e.source_file = url
            if "!/" not in url and e.path and not os.path.isdir(e.path):
                urls[i] = url
        return urls


def _safe(part: str) -> str:
    """A remote name part usable as a local file name (no '..', no separators)."""
    part = part.replace(os.sep, "_")
    return "_" if part in ("", ".", "..") else part


def _download(fs, path: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with fs.open(path, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)


def staging_folder(url: str) -> str:
    """The local folder that stands for OUT = url across runs."""
    base = os.environ.get(STAGING_ENV) or os.path.join(
        os.path.expanduser("~"), ".cache", "jixiao", "staging")
    name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return os.path.join(base, name)


def upload(folder: str, url: str) -> list:
    """Copy the finished outputs (plain files, not the cache) of `folder` to `url`."""
    fs, root = _fs(url)
    root = root.rstrip("/")
    fs.makedirs(root, exist_ok=True)
    done = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        tmp, final = f"{root}/.{name}.uploading", f"{root}/{name}"
        fs.put_file(path, tmp)
        fs.mv(tmp, final)
        done.append(final)
    return done
