"""Hundreds of damaged inputs in one batch: the run completes, nothing vanishes, and the
good reports come out exactly as they do on their own.

The bad files are mutations of the good samples (truncations, flipped bytes, damaged or
hostile zip members, swapped extensions) plus a set of classic bad inputs (empty file,
image, spreadsheet, password-protected DOCX, truncated archive, zip bomb, lock files...).
Everything is generated from a fixed seed, so a failure reproduces.
"""
from __future__ import annotations

import csv
import glob
import io
import os
import random
import shutil
import zipfile

import pytest

from ingest import pipeline
from tests.conftest import zip_bytes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = ("manifest", "reports", "facts", "scores", "indicators", "sections", "discrepancies")


MUTATED_DOCX, MUTATED_PDF, GOOD_PDF = 4, 2, 4


def good_samples() -> list:
    """The sample reports (every DOCX, a few PDFs), or the parser fixtures until then."""
    docx = sorted(glob.glob(os.path.join(ROOT, "samples", "*.docx")))
    pdf = sorted(glob.glob(os.path.join(ROOT, "samples", "pdf", "*.pdf")))[:GOOD_PDF]
    if not docx:
        fixtures = os.path.join(ROOT, "tests", "parsers", "fixtures")
        docx = sorted(glob.glob(os.path.join(fixtures, "*.docx")))
        pdf = sorted(glob.glob(os.path.join(fixtures, "*.pdf")))[:GOOD_PDF]
    return docx + pdf


def with_comment(data: bytes, comment: bytes) -> bytes:
    """The same DOCX with a different zip comment: same content, different sha256."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.comment = comment
    return buf.getvalue()


def rewrite_member(data: bytes, name: str, new) -> bytes:
    """Copy a zip, replacing member `name` by `new` (bytes), or dropping it (None).

    The copy keeps the original's zip comment, so that variants of different samples
    stay distinct even where the replaced member was all that told them apart.
    """
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.comment = src.comment
        for info in src.infolist():
            if info.filename == name:
                if new is not None:
                    zf.writestr(name, new)
            else:
                zf.writestr(info.filename, src.read(info))
    return out.getvalue()


def patch_member_header(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """Overwrite bytes at `offset` of member `name`'s local header and central entry."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    raw[info.header_offset + offset:info.header_offset + offset + len(value)] = value
    cd = bytes(raw).find(b"PK\x01\x02")
    while cd >= 0:
        nlen = int.from_bytes(raw[cd + 28:cd + 30], "little")
        if raw[cd + 46:cd + 46 + nlen] == name.encode():
            cd_offset = offset + (2 if offset >= 4 else 0)  # central entry has 'version made by'
            raw[cd + cd_offset:cd + cd_offset + len(value)] = value
            break
        cd = bytes(raw).find(b"PK\x01\x02", cd + 4)
    return bytes(raw)


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b'<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
LATE_DTD = BOMB.replace(b"?>", b"?>" + b"<!--" + b" " * 6000 + b"-->", 1)
DEEP = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>' + b"<w:tbl><w:tr><w:tc>" * 3000
        + b"</w:tc></w:tr></w:tbl>" * 3000 + b"</w:body></w:document>")


def docx_mutations(data: bytes, rng: random.Random, tag: bytes) -> dict:
    """name -> bytes: about 55 damaged variants of one DOCX."""
    out = {}
    tagged = with_comment(data, tag)
    for frac in (0.0005, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        out[f"trunc{int(frac * 10000):05d}.docx"] = data[:max(1, int(len(data) * frac))]
    for n in (1, 4, 22, 30, 100):
        out[f"tail_cut{n}.docx"] = data[:-n]
    for i in range(22):
        pos = rng.randrange(len(data))
        out[f"flip{i:02d}.docx"] = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]
    for i in range(4):
        pos = rng.randrange(len(data) - 64)
        out[f"burst{i}.docx"] = data[:pos] + rng.randbytes(64) + data[pos + 64:]
    doc_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    out["doc_xml_half.docx"] = rewrite_member(tagged, "word/document.xml", doc_xml[:len(doc_xml) // 2])
    out["doc_xml_random.docx"] = rewrite_member(tagged, "word/document.xml", rng.randbytes(5000))
    out["doc_xml_missing.docx"] = rewrite_member(tagged, "word/document.xml", None)
    out["doc_xml_empty.docx"] = rewrite_member(tagged, "word/document.xml", b"")
    out["content_types_missing.docx"] = rewrite_member(tagged, "[Content_Types].xml", None)
    out["rels_garbage.docx"] = rewrite_member(tagged, "word/_rels/document.xml.rels", b"<x")
    out["pkg_rels_missing.docx"] = rewrite_member(tagged, "_rels/.rels", None)
    for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml"):
        if name in members:
            out[f"{os.path.basename(name)}_garbage.docx"] = rewrite_member(tagged, name, b"\x00\xff<")
    out["entity_bomb.docx"] = rewrite_member(tagged, "word/document.xml", BOMB)
    out["external_entity.docx"] = rewrite_member(tagged, "word/document.xml", XXE)
    out["late_dtd_bomb.docx"] = rewrite_member(tagged, "word/document.xml", LATE_DTD)
    out["nesting_bomb.docx"] = rewrite_member(tagged, "word/document.xml", DEEP)
    out["bad_method.docx"] = patch_member_header(data, "word/document.xml", 8, b"\x63\x00")
    out["bad_crc.docx"] = patch_member_header(data, "word/document.xml", 14, b"\x00\x00\x00\x00")
    for ext in (".pdf", ".doc", ".xlsx", ".txt", ""):
        out[f"renamed{ext or '_noext'}"] = with_comment(data, f"renamed {ext}".encode())
    return out


def pdf_mutations(data: bytes, rng: random.Random) -> dict:
    out = {}
    for frac in (0.01, 0.2, 0.5, 0.9):
        out[f"trunc{int(frac * 100):03d}.pdf"] = data[:max(1, int(len(data) * frac))]
    for i in range(6):
        pos = rng.randrange(len(data))
        out[f"flip{i}.pdf"] = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]
    out["renamed.docx"] = data + b"\n%% renamed\n"
    return out


def classic_bad_inputs(good_docx: bytes, folder: str) -> None:
    """The usual suspects, one of each."""
    from tests.parsers.test_sniff import make_cfb, word_fib
    import docx

    def put(name, data):
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)

    put("empty.docx", b"")
    put("blank.pdf", b"\n\n   \n")
    put("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    put("scan_as.docx", b"\xff\xd8\xff\xe0" + bytes(200))
    put("sheet.xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}))
    put("sheet.xls", make_cfb({"Workbook": b"\x09\x08"}))
    put("protected.docx", make_cfb({"EncryptionInfo": b"\x04\x00\x04\x00",
                                    "EncryptedPackage": bytes(64)}))
    put("locked.doc", make_cfb({"WordDocument": word_fib(0x0100)}))
    put("garbage.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000))
    put("page.html", "<html><body>2021年度绩效自评报告</body></html>".encode())
    put("notes.txt", "部门整体支出绩效评价自评报告\n".encode() * 20)
    put("random.bin", random.Random(7).randbytes(4096))
    put("archive.rar", b"Rar!\x1a\x07\x00" + bytes(100))
    d = docx.Document()
    d.add_paragraph("会议通知：请各科室于周五下午三点参加学习。")
    buf = io.BytesIO()
    d.save(buf)
    put("not_a_report.docx", buf.getvalue())
    put("~$lock.docx", b"\x05owner" + bytes(150))
    put(".DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(100))
    full = zip_bytes({"a/good.docx": with_comment(good_docx, b"in archive"),
                 "b/other.docx": with_comment(good_docx, b"other in archive"),
                 "__MACOSX/a/._good.docx": b"\x00\x05\x16\x07"})
    put("bundle.zip", full)
    put("truncated.zip", full[:len(full) * 2 // 3])
    put("bomb.zip", zip_bytes({"bomb.docx": bytes(20 * 1024 * 1024)}))
    put("evil.zip", zip_bytes({"../../escape.docx": with_comment(good_docx, b"escape")}))
    put("nested.zip", zip_bytes({"inner.zip": zip_bytes({"deep.docx": with_comment(good_docx, b"deep")})}))
    put("dup/copy_of_first_good.docx", good_docx)


def build_corpus(root: str) -> tuple:
    """(good folder, bad folder, number of bad files on disk)."""
    good, bad = os.path.join(root, "good"), os.path.join(root, "bad")
    os.makedirs(good)
    os.makedirs(bad)
    rng = random.Random(20240607)
    samples = good_samples()
    first_docx = None
    n_docx = n_pdf = 0
    for i, src in enumerate(samples):
        name = f"{i:02d}_{os.path.basename(src)}"
        shutil.copyfile(src, os.path.join(good, name))
        data = open(src, "rb").read()
        if src.endswith(".docx"):
            first_docx = first_docx or data
            n_docx += 1
            if n_docx > MUTATED_DOCX:
                continue
            variants = docx_mutations(data, rng, name.encode())
        else:
            n_pdf += 1
            if n_pdf > MUTATED_PDF:
                continue
            variants = pdf_mutations(data, rng)
        folder = os.path.join(bad, f"{i:02d}_{os.path.splitext(os.path.basename(src))[0]}")
        os.makedirs(folder)
        for vname, vdata in variants.items():
            with open(os.path.join(folder, vname), "wb") as fh:
                fh.write(vdata)
    classic_bad_inputs(first_docx, os.path.join(bad, "classic"))
    n_bad = sum(len(files) for _, _, files in os.walk(bad))
    return good, bad, n_bad


def read_csv(path) -> list:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("bulk"))
    good, bad, n_bad = build_corpus(os.path.join(root, "in"))
    out_good, out_all = os.path.join(root, "out_good"), os.path.join(root, "out_all")
    pipeline.run([good], out_good, workers=2, timeout=60, quiet=True)
    summary = pipeline.run([good, bad], out_all, workers=2, timeout=60, quiet=True)
    return {"good": good, "bad": bad, "n_bad": n_bad, "out_good": out_good,
            "out_all": out_all, "summary": summary}


def test_enough_bad_files(batch):
    assert batch["n_bad"] >= 200


def test_every_file_is_in_the_manifest_exactly_once(batch):
    rows = read_csv(os.path.join(batch["out_all"], "manifest.csv"))
    names = [r["source_file"] for r in rows]
    assert len(names) == len(set(names))
    on_disk = [os.path.join(d, f) for top in (batch["good"], batch["bad"])
               for d, _, files in os.walk(top) for f in files]
    listed = set(names)
    for path in on_disk:
        assert path in listed or any(n.startswith(path + "!/") for n in names), path
    assert {n.split("!/")[0] for n in names} <= set(on_disk)
    for r in rows:
        assert r["status"] in ("ok", "partial", "failed", "skipped")
        if r["status"] in ("failed", "skipped"):
            assert r["error"].strip() and "\n" not in r["error"], r
    assert batch["summary"].n_files == len(rows)


def test_good_samples_unchanged_by_bad_neighbours(batch):
    alone = read_csv(os.path.join(batch["out_good"], "manifest.csv"))
    good_ids = {r["report_id"] for r in alone if r["report_id"]}
    assert good_ids, "the good samples produced no reports"
    together = {r["source_file"]: r for r in read_csv(os.path.join(batch["out_all"], "manifest.csv"))}
    for r in alone:
        assert together[r["source_file"]] == r
    for table in TABLES[1:]:
        a = read_csv(os.path.join(batch["out_good"], table + ".csv"))
        b = [r for r in read_csv(os.path.join(batch["out_all"], table + ".csv"))
             if r["report_id"] in good_ids]
        assert a == b, table


def test_known_bad_inputs_have_their_reasons(batch):
    rows = {r["source_file"][len(batch["bad"]) + 1:]: r
            for r in read_csv(os.path.join(batch["out_all"], "manifest.csv"))
            if r["source_file"].startswith(batch["bad"])}

    def check(name, status, *words):
        r = rows[name]
        assert r["status"] in status, (name, r)
        for w in words:
            assert w in r["error"], (name, r["error"])

    check("classic/empty.docx", ("failed", "skipped"), "空")
    check("classic/scan.png", ("skipped", "failed"), "图片")
    check("classic/scan_as.docx", ("skipped", "failed"), "图片")
    check("classic/sheet.xlsx", ("skipped", "failed"), "电子表格")
    check("classic/protected.docx", ("failed", "skipped"), "密码")
    check("classic/locked.doc", ("failed", "skipped"), "密码")
    check("classic/not_a_report.docx", ("skipped", "failed"))
    check("classic/~$lock.docx", ("skipped",), "~$")
    check("classic/.DS_Store", ("skipped",))
    check("classic/truncated.zip", ("failed",), "压缩包")
    check("classic/bomb.zip!/bomb.docx", ("failed",), "压缩炸弹")
    check("classic/bundle.zip!/__MACOSX/a/._good.docx", ("skipped",))
    check("classic/dup/copy_of_first_good.docx", ("skipped",), "重复")
    assert rows["classic/dup/copy_of_first_good.docx"]["duplicate_of"].startswith(batch["good"])
    assert rows["classic/nested.zip!/inner.zip!/deep.docx"]["status"] in ("ok", "partial")
    assert rows["classic/evil.zip!/../../escape.docx"]["status"] in ("ok", "partial")
    good = {os.path.splitext(os.path.basename(r["source_file"]))[0]: r
            for r in read_csv(os.path.join(batch["out_good"], "manifest.csv"))}
    for sample in sorted(good):
        if not os.path.exists(os.path.join(batch["bad"], sample, "entity_bomb.docx")):
            continue
        for hostile in ("entity_bomb.docx", "external_entity.docx", "late_dtd_bomb.docx"):
            assert rows[f"{sample}/{hostile}"]["status"] == "failed", hostile
        for ext in (".pdf", ".doc", ".xlsx", ".txt", "_noext"):
            renamed = rows[f"{sample}/renamed{ext}"]
            assert renamed["status"] == good[sample]["status"]
            assert renamed["file_format"] == "docx"


def test_no_secrets_leak_from_external_entities(batch):
    for table in ("sections", "facts", "reports"):
        with open(os.path.join(batch["out_all"], table + ".csv"), encoding="utf-8") as fh:
            assert "root:x:0:0" not in fh.read()
