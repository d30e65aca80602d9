"""The manifest is streamed: each file's row is read from the cache when it is written.

The parent keeps only the list of files found; a run's manifest rows (and the metas they
come from) are made one at a time, in input order, as the writer takes them. These tests
check that on a real run of sample reports, and the duplicate rule the rows rely on.
"""
from __future__ import annotations

import csv
import glob
import os
import shutil

from ingest import pipeline
from ingest.assemble import manifest_rows
from ingest.cache import Cache, code_version, entry_key
from ingest.discover import Entry, discover
from ingest.duplicates import duplicates, kept
from ingest.worker import process_file
from tests.conftest import SAMPLES

DOCX = sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))[:3]


def _run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in DOCX:
        shutil.copy(path, folder / os.path.basename(path))
    shutil.copy(DOCX[0], folder / "zz-copy.docx")   # a duplicate of the first
    out = str(tmp_path / "out")
    pipeline.run([str(folder)], out, workers=1, quiet=True)
    entries = list(discover([str(folder)], str(tmp_path / "tmp")))
    return out, entries


def _written(out):
    with open(os.path.join(out, "manifest.csv"), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_rows_are_read_from_the_cache_as_they_are_taken(tmp_path):
    out, entries = _run(tmp_path)
    dup_of = duplicates(entries)
    cache = Cache(out, code_version(process_file))
    rows = manifest_rows(entries, dup_of, cache, timings=False)
    assert iter(rows) is rows            # an iterator, not a list built up front
    first, blobs = next(rows)
    assert first["status"] == "ok" and first["report_id"] and blobs
    # the second file's result goes away after the stream started: its row says so
    second = entries[1]
    os.unlink(cache.path(entry_key(second.sha256, second.source_file)))
    row, blobs = next(rows)
    assert row["status"] == "failed" and "处理结果丢失" in row["error"] and blobs == {}
    rest = list(rows)
    assert [r["status"] for r, _ in rest] == ["ok", "skipped"]
    assert rest[-1][0]["duplicate_of"] == first["source_file"] and rest[-1][1] == {}


def test_streamed_rows_are_the_written_manifest(tmp_path):
    out, entries = _run(tmp_path)
    cache = Cache(out, code_version(process_file))
    streamed = [row for row, _ in manifest_rows(entries, duplicates(entries), cache, False)]
    written = _written(out)
    assert len(written) == len(DOCX) + 1
    for got, line in zip(streamed, written):
        assert {k: "" if v is None else str(v) for k, v in got.items()} == line


def test_a_plain_name_is_kept_over_a_hostile_member_name():
    e = [Entry("a.zip!/../../x.docx", sha256="s1", unsafe_name=True),
         Entry("b.docx", sha256="s2"),
         Entry("c.docx", sha256="s1"),
         Entry("d.docx", sha256="s1"),
         Entry("e.docx", status="skipped", sha256="s1"),
         Entry("f.zip!/../y.docx", sha256="s3", unsafe_name=True),
         Entry("g.zip!/../z.docx", sha256="s3", unsafe_name=True)]
    dup_of = duplicates(e)
    assert dup_of == {0: 2, 3: 2, 6: 5}
    assert list(kept(e, dup_of)) == [1, 2, 5]
