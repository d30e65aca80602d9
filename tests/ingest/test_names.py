"""Names that are not valid UTF-8 text, or not printable, are shown as a person reads
them, and never stop a run: on disk, inside zips, and in every writer."""
from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile

import pyarrow.parquet as pq

from ingest import pipeline
from ingest.discover import discover
from ingest.names import decode_name, display_path, is_unsafe_member, printable
from ingest.writers import write_tables
from tests.conftest import SAMPLES, docx_bytes

GBK_NAME = "2021年绩效自评报告.docx"


def test_decoding_order_utf8_then_chinese_gbk_then_escapes():
    assert decode_name(GBK_NAME.encode("utf-8")) == GBK_NAME
    assert decode_name(GBK_NAME.encode("gbk")) == GBK_NAME
    assert decode_name(b"bad\xff\xfe.docx") == "bad\\xff\\xfe.docx"
    # Latin-1 "café.docx" is not Chinese text: escaped, not read as GBK mojibake
    assert decode_name("caf\u00e9s.docx".encode("latin-1")) == "caf\\xe9s.docx"
    assert decode_name(b"two\nlines\t.docx") == "two\\nlines\\t.docx"
    assert decode_name("数据\\x.docx".encode("gbk"), zip_member=True) == "数据/x.docx"


def test_paths_from_the_file_system():
    gbk = os.fsdecode("目录/".encode() + GBK_NAME.encode("gbk"))
    assert display_path(gbk) == "目录/" + GBK_NAME
    assert display_path(os.fsdecode(b"d/bad\xff\xfe.docx")) == "d/bad\\xff\\xfe.docx"
    assert display_path("plain/name.docx") == "plain/name.docx"
    assert printable(os.fsdecode(b"bad\xff.docx")) == "bad\\xff.docx"
    assert printable("lone \ud800 surrogate") == "lone \\ud800 surrogate"
    for text in (display_path(gbk), printable("a\udcff\ud800b")):
        text.encode("utf-8")  # never raises


def test_unsafe_member_names():
    for name in ("../../x.docx", "/etc/x.docx", "a/../../x.docx", "..\\x.docx", "C:/x.docx"):
        assert is_unsafe_member(name), name
    for name in ("ok.docx", "a/b..c.docx", "..x.docx"):
        assert not is_unsafe_member(name), name


def gbk_zip(path, names: dict) -> str:
    """A zip whose member names are raw bytes without the UTF-8 flag (Chinese Windows)."""
    placeholders = {}
    with zipfile.ZipFile(path, "w") as zf:
        for i, (raw, data) in enumerate(names.items()):
            ph = (f"{i:02d}" + "x" * len(raw))[:len(raw)]
            placeholders[ph.encode()] = raw
            zf.writestr(ph, data)
    blob = open(path, "rb").read()
    for ph, raw in placeholders.items():
        blob = blob.replace(ph, raw)
    open(path, "wb").write(blob)
    return str(path)


def test_member_names_gbk_utf8_and_undecodable(tmp_path):
    path = gbk_zip(tmp_path / "cn.zip", {GBK_NAME.encode("gbk"): b"one",
                                         b"bad\xff\xfe.docx": b"two",
                                         b"line\nbreak.docx": b"three"})
    work = tmp_path / "work"
    found = {e.source_file.split("!/")[1]: e for e in discover([path], str(work))}
    assert set(found) == {GBK_NAME, "bad\\xff\\xfe.docx", "line\\nbreak.docx"}
    assert all(e.status is None for e in found.values())


def test_member_flagged_utf8_but_not_utf8(tmp_path):
    """zipfile refuses a whole archive when one name carries the UTF-8 flag but is not
    UTF-8; the members are still read, the odd name escaped, the archive not 'damaged'."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("名字.docx", b"one")   # non-ASCII: written with the UTF-8 flag
        zf.writestr("ok.docx", b"two")
    path = tmp_path / "flagged.zip"
    path.write_bytes(buf.getvalue().replace("名字".encode(), b"\xff\xfe\xfd\xfc\xfb\xfa"))
    found = list(discover([str(path)], str(tmp_path / "work")))
    assert [e.source_file.split("!/")[1] for e in found] == \
        ["\\xff\\xfe\\xfd\\xfc\\xfb\\xfa.docx", "ok.docx"]  # sorted, as always
    assert all(e.status is None for e in found)
    assert [open(e.path, "rb").read() for e in found] == [b"one", b"two"]


def test_names_on_disk_reach_every_table(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    bad = os.path.join(str(src).encode(), b"bad\xff\xfe.docx")
    gbk = os.path.join(str(src).encode(), GBK_NAME.encode("gbk"))
    shutil.copyfile(os.path.join(SAMPLES, "keji-2021.docx"), bad)
    shutil.copyfile(os.path.join(SAMPLES, "caizheng-2020.docx"), gbk)
    with open(os.path.join(str(src).encode(), b"note\xff.txt"), "wb") as fh:
        fh.write("不是报告".encode())
    out = tmp_path / "out"
    summary = pipeline.run([str(src), os.fsdecode(bad)], str(out), workers=1, quiet=True)
    assert summary.n_files == 3
    rows = {os.path.basename(r["source_file"]): r
            for r in csv.DictReader(open(out / "manifest.csv", encoding="utf-8"))}
    assert set(rows) == {"bad\\xff\\xfe.docx", GBK_NAME, "note\\xff.txt"}
    assert rows["bad\\xff\\xfe.docx"]["status"] == "ok" and rows[GBK_NAME]["status"] == "ok"
    reports = pq.read_table(out / "reports.parquet").to_pandas()
    assert sorted(os.path.basename(s) for s in reports["source_file"]) == \
        sorted(["bad\\xff\\xfe.docx", GBK_NAME])
    log = open(out / "jixiao.log", encoding="utf-8").read()
    assert "note\\xff.txt" in log
    assert json.load(open(out / "run.json", encoding="utf-8"))["options"]["inputs"][1] \
        .endswith("bad\\xff\\xfe.docx")


def test_writers_never_fail_on_undecodable_text(tmp_path):
    write_tables(str(tmp_path), {
        "manifest": [{"source_file": os.fsdecode(b"bad\xff.docx"), "status": "ok"}],
        "sections": [{"report_id": "a", "text": "pdf text with a lone \ud835 surrogate"}],
    })
    [m] = list(csv.DictReader(open(tmp_path / "manifest.csv", encoding="utf-8")))
    assert m["source_file"] == "bad\\xff.docx"
    sections = pq.read_table(tmp_path / "sections.parquet").to_pandas()
    assert sections["text"].tolist() == ["pdf text with a lone \\ud835 surrogate"]


def test_empty_files_are_skipped_never_duplicates(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.docx", "b.pdf", "c.zip", "d"):
        (src / name).write_bytes(b"")
    (src / "z.zip").write_bytes(_zip({"e.docx": b"", "f.xlsx": b""}))
    out = tmp_path / "out"
    pipeline.run([str(src)], str(out), workers=1, quiet=True)
    rows = list(csv.DictReader(open(out / "manifest.csv", encoding="utf-8")))
    assert len(rows) == 6
    for r in rows:
        assert r["status"] == "skipped" and "文件为空" in r["error"], r
        assert not r["duplicate_of"] and not r["sha256"], r


def test_plain_name_kept_and_traversal_name_is_the_duplicate(tmp_path):
    report = open(os.path.join(SAMPLES, "keji-2021.docx"), "rb").read()
    src = tmp_path / "in"
    src.mkdir()
    # "../../x.docx" sorts before "ok.docx": input order alone would keep the hostile name
    (src / "evil.zip").write_bytes(_zip({"../../x.docx": report, "ok.docx": report,
                                         "/abs/y.docx": docx_bytes("other")}))
    out = tmp_path / "out"
    pipeline.run([str(src)], str(out), workers=1, quiet=True)
    rows = {r["source_file"].split("!/")[1]: r
            for r in csv.DictReader(open(out / "manifest.csv", encoding="utf-8"))}
    assert rows["ok.docx"]["status"] == "ok" and not rows["ok.docx"]["duplicate_of"]
    assert rows["../../x.docx"]["status"] == "skipped"
    assert rows["../../x.docx"]["duplicate_of"].endswith("!/ok.docx")
    [rep] = list(csv.DictReader(open(out / "reports.csv", encoding="utf-8")))
    assert rep["source_file"].endswith("evil.zip!/ok.docx")
    assert rows["/abs/y.docx"]["status"] in ("skipped", "failed", "ok", "partial")
    names = {p.name for p in tmp_path.rglob("*")} | {p.name for p in tmp_path.parent.glob("*")}
    assert "x.docx" not in names and "y.docx" not in names and not os.path.exists("/abs/y.docx")


def _zip(members: dict) -> bytes:
    import io
    import warnings
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
