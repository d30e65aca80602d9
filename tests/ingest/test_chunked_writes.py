"""The parent streams tables in batches: the bytes never depend on the batch size.

A run whose writers take three rows at a time must give the same files, byte for byte,
as a run that takes thousands; the streaming writer must give the same bytes as writing
the whole table at once through pandas (the way tables were written before streaming);
and a table longer than one Parquet row group reads back whole.
"""
from __future__ import annotations

import filecmp
import glob
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest import pipeline
from ingest.schema import TABLE_ORDER
from ingest.writers import TableWriter, frame
from tests.conftest import SAMPLES, report_tables

DOCX = sorted(glob.glob(os.path.join(SAMPLES, "*.docx")))[:6]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for path in DOCX:
        shutil.copy(path, folder / os.path.basename(path))
    return str(folder)


def test_small_batches_write_the_same_bytes(inputs, tmp_path):
    a, b = str(tmp_path / "normal"), str(tmp_path / "chunked")
    first = pipeline.run([inputs], a, workers=1, quiet=True)
    second = pipeline.run([inputs], b, workers=1, quiet=True, batch_rows=3)
    assert first.n_facts > 100 and first.n_reports == len(DOCX)
    assert (second.n_facts, second.findings) == (first.n_facts, first.findings)
    for name in TABLE_ORDER:
        for fmt in ("csv", "parquet"):
            assert filecmp.cmp(os.path.join(a, f"{name}.{fmt}"), os.path.join(b, f"{name}.{fmt}"),
                               shallow=False), f"{name}.{fmt} differs"


def _whole_table(out, table, rows):
    """The reference: one DataFrame, one Arrow table, written in one call."""
    import pyarrow.csv as pa_csv

    from ingest.writers import CSV_OPTIONS

    arrow = pa.Table.from_pandas(frame(table, rows), preserve_index=False)
    pa_csv.write_csv(arrow, os.path.join(out, f"{table}.csv"), CSV_OPTIONS)
    pq.write_table(arrow, os.path.join(out, f"{table}.parquet"))


@pytest.mark.parametrize("table", ["facts", "sections", "discrepancies", "reports"])
def test_streaming_matches_writing_the_whole_table(table, tmp_path):
    rows = []
    for path in DOCX:
        rows += report_tables(path).get(table, [])
    assert rows
    # values the schema must cast as pandas would: NaN, a number in a text column,
    # text that reads as a number
    rows[0] = dict(rows[0], report_id=12345)
    if table == "facts":
        rows[1] = dict(rows[1], value=float("nan"))
        rows[2] = dict(rows[2], value="3.5")
    ref, out = tmp_path / "ref", tmp_path / "out"
    ref.mkdir()
    out.mkdir()
    _whole_table(str(ref), table, rows)
    with TableWriter(str(out), table, batch_rows=7) as writer:
        for i in range(0, len(rows), 5):
            writer.write_dicts(rows[i:i + 5])
    for fmt in ("csv", "parquet"):
        assert filecmp.cmp(ref / f"{table}.{fmt}", out / f"{table}.{fmt}", shallow=False)
    back = pq.read_table(out / f"{table}.parquet")
    assert back.column("report_id")[0].as_py() == "12345"
    if table == "facts":
        assert back.column("value")[1].as_py() is None
        assert back.column("value")[2].as_py() == 3.5


def test_many_row_groups_read_back_whole(tmp_path):
    rows = report_tables(DOCX[0])["facts"] * 7
    with TableWriter(str(tmp_path), "facts", batch_rows=11, row_group_rows=50) as writer:
        writer.write_dicts(rows)
    meta = pq.ParquetFile(tmp_path / "facts.parquet").metadata
    assert meta.num_rows == len(rows)
    assert meta.num_row_groups == -(-len(rows) // 50)
    assert all(meta.row_group(i).num_rows == 50 for i in range(meta.num_row_groups - 1))
    back = pq.read_table(tmp_path / "facts.parquet").to_pylist()
    assert [r["location"] for r in back] == [r["location"] for r in rows]
    assert [r["value"] for r in back] == [r["value"] for r in rows]


def test_a_failed_write_leaves_no_table(tmp_path):
    with pytest.raises(RuntimeError):
        with TableWriter(str(tmp_path), "facts") as writer:
            writer.write_dicts(report_tables(DOCX[0])["facts"])
            raise RuntimeError("disk gone")
    assert os.listdir(tmp_path) == []
