"""Inputs and OUT as fsspec URLs: the memory filesystem and file:// URLs.

A URL input is copied, found like a folder and its files named by their URLs (archive
members too); an OUT URL is written through a local staging folder that persists, so a
rerun resumes; a file:// URL is its path.
"""
from __future__ import annotations

import filecmp
import glob
import io
import os
import shutil
import zipfile

import fsspec
import pandas as pd
import pytest

from ingest import pipeline
from ingest.remote import STAGING_ENV
from tests.conftest import SAMPLES

DOCX = sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))[:4]
TABLES = ("csv", "parquet")


@pytest.fixture
def memfs(tmp_path, monkeypatch):
    monkeypatch.setenv(STAGING_ENV, str(tmp_path / "staging"))
    fs = fsspec.filesystem("memory")
    root = f"/jx-{os.getpid()}-{tmp_path.name}"
    for path in DOCX[:3]:
        fs.pipe(f"{root}/in/{os.path.basename(path)}", open(path, "rb").read())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(DOCX[3], "sub/" + os.path.basename(DOCX[3]))
    fs.pipe(f"{root}/in/bundle.zip", buf.getvalue())
    yield fs, root
    fs.rm(root, recursive=True)


def _local_copy(tmp_path):
    folder = tmp_path / "local-in"
    folder.mkdir()
    for path in DOCX[:3]:
        shutil.copy(path, folder / os.path.basename(path))
    with zipfile.ZipFile(folder / "bundle.zip", "w") as zf:
        zf.write(DOCX[3], "sub/" + os.path.basename(DOCX[3]))
    return str(folder)


def test_memory_in_and_out(memfs, tmp_path):
    fs, root = memfs
    url_in, url_out = f"memory://{root}/in", f"memory://{root}/out"
    summary = pipeline.run([url_in], url_out, workers=2, quiet=True, formats=TABLES)
    assert summary.out == url_out and sum(summary.by_status.values()) == 4
    assert set(summary.by_status) <= {"ok", "partial"}
    names = {p.rsplit("/", 1)[-1] for p in fs.ls(f"{root}/out", detail=False)}
    assert {"facts.csv", "facts.parquet", "manifest.csv", "reports.parquet"} <= names
    assert not any(n.startswith(".") for n in names)
    manifest = pd.read_csv(io.BytesIO(fs.cat(f"{root}/out/manifest.csv")))
    base = os.path.basename
    assert sorted(manifest.source_file) == sorted(
        [f"{url_in}/{base(p)}" for p in DOCX[:3]] + [f"{url_in}/bundle.zip!/sub/{base(DOCX[3])}"])
    # the same files run from a local folder give the same facts, byte for byte
    local = pipeline.run([_local_copy(tmp_path)], str(tmp_path / "local-out"), workers=2,
                         quiet=True, formats=TABLES)
    assert local.n_facts == summary.n_facts > 50
    assert fs.cat(f"{root}/out/facts.csv") == (tmp_path / "local-out" / "facts.csv").read_bytes()
    again = pipeline.run([url_in], url_out, workers=2, quiet=True, formats=TABLES)
    assert again.n_processed == 0 and again.n_reused == 4   # staged OUT keeps the cache


def test_file_urls_are_paths(tmp_path):
    src = _local_copy(tmp_path)
    a, b = tmp_path / "plain", tmp_path / "url"
    pipeline.run([src], str(a), workers=1, quiet=True, formats=TABLES)
    pipeline.run(["file://" + src], "file://" + str(b), workers=1, quiet=True, formats=TABLES)
    for name in sorted(os.listdir(a)):
        if name.endswith((".csv", ".parquet")):
            assert filecmp.cmp(a / name, b / name, shallow=False), name


def test_command_line_takes_urls_and_refuses_missing_ones(memfs, tmp_path):
    from click.testing import CliRunner

    from ingest.cli import main

    fs, root = memfs
    ok = CliRunner().invoke(main, ["run", f"memory://{root}/in", "-o", f"memory://{root}/o2",
                                   "--quiet", "--format", "csv", "--workers", "1"])
    assert ok.exit_code == 0, ok.output
    assert fs.exists(f"{root}/o2/facts.csv")
    missing = CliRunner().invoke(main, ["run", f"memory://{root}/nothing", "-o", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "不存在" in missing.output
