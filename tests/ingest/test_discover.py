"""discover() lists every file once, in a stable order, and treats archives as hostile."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from ingest.discover import Limits, discover, junk_reason
from tests.conftest import docx_bytes


def make_zip(path, members: dict, method=zipfile.ZIP_DEFLATED) -> str:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            if isinstance(data, zipfile.ZipInfo):
                zf.writestr(data, b"target")
            else:
                zf.writestr(name, data)
    return str(path)


def entries(inputs, tmp_path, **kw):
    tmp = tmp_path / "work"
    tmp.mkdir(exist_ok=True)
    return list(discover([str(i) for i in inputs], str(tmp), **kw))


def by_name(found):
    return {e.source_file: e for e in found}


def test_folders_recursive_sorted_and_junk_listed(tmp_path):
    root = tmp_path / "in"
    (root / "b" / "c").mkdir(parents=True)
    (root / "a").mkdir()
    for rel in ("z.docx", "a/y.docx", "b/c/x.pdf", "b/w.doc", "a/~$y.docx", ".DS_Store",
                "b/Thumbs.db", "b/.~lock.w.doc#"):
        (root / rel).write_bytes(b"content " + rel.encode())
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_bytes(b"ref")
    found = entries([root], tmp_path)
    names = [os.path.relpath(e.source_file, root) for e in found]
    assert names == [".DS_Store", "a/y.docx", "a/~$y.docx", "b/.~lock.w.doc#", "b/Thumbs.db",
                     "b/c/x.pdf", "b/w.doc", "z.docx"]
    skipped = {os.path.basename(e.source_file) for e in found if e.status == "skipped"}
    assert skipped == {".DS_Store", "~$y.docx", "Thumbs.db", ".~lock.w.doc#"}
    todo = [e for e in found if e.status is None]
    assert all(e.sha256 and len(e.sha256) == 64 and e.path and e.size_bytes for e in todo)
    assert entries([root], tmp_path) == found  # deterministic


def test_same_file_given_twice_is_listed_once_and_outputs_excluded(tmp_path):
    root = tmp_path / "in"
    (root / "out").mkdir(parents=True)
    (root / "r.docx").write_bytes(b"x")
    (root / "out" / "manifest.csv").write_bytes(b"y")
    found = entries([root / "r.docx", root], tmp_path, exclude=[str(root / "out")])
    assert [e.source_file for e in found] == [str(root / "r.docx")]


def test_symlink_loops_and_broken_links(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "r.docx").write_bytes(b"x")
    os.symlink(root, root / "loop")
    os.symlink(root / "missing.docx", root / "broken.docx")
    found = by_name(entries([root], tmp_path))
    assert set(found) == {str(root / "r.docx"), str(root / "broken.docx")}
    assert found[str(root / "broken.docx")].status == "failed"


def test_zip_members_in_place_with_nested_archive(tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {"deep/r3.docx": docx_bytes("3")})
    outer = make_zip(tmp_path / "outer.zip", {
        "b/r2.docx": docx_bytes("2"), "a/r1.docx": docx_bytes("1"),
        "__MACOSX/a/._r1.docx": b"junk", "inner.zip": open(inner, "rb").read(),
        "empty_dir/": b""})
    found = entries([outer], tmp_path)
    assert [e.source_file for e in found] == [
        f"{outer}!/__MACOSX/a/._r1.docx", f"{outer}!/a/r1.docx", f"{outer}!/b/r2.docx",
        f"{outer}!/inner.zip!/deep/r3.docx"]
    assert found[0].status == "skipped"
    work = str(tmp_path / "work")
    for e in found[1:]:
        assert e.status is None and e.path.startswith(work) and os.path.isfile(e.path)
        assert e.path.endswith(".docx") and len(e.sha256) == 64


def test_chinese_member_names_from_windows_zip_tools(tmp_path):
    """GBK names without the UTF-8 flag (common from Chinese Windows) are decoded."""
    name = "2021年绩效自评报告.docx"
    gbk = name.encode("gb18030")
    placeholder = "x" * len(gbk)
    path = make_zip(tmp_path / "cn.zip", {placeholder: b"data"})
    raw = open(path, "rb").read().replace(placeholder.encode(), gbk)
    open(path, "wb").write(raw)
    found = entries([path], tmp_path)
    assert [e.source_file for e in found] == [f"{path}!/{name}"]
    utf8 = make_zip(tmp_path / "utf8.zip", {name: b"data"})
    assert [e.source_file for e in entries([utf8], tmp_path)] == [f"{utf8}!/{name}"]


def test_member_names_never_become_paths(tmp_path):
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    path = make_zip(tmp_path / "evil.zip", {"../../evil.docx": b"a", "/abs/evil2.docx": b"b",
                                            "..\\..\\evil3.docx": b"c"})
    found = list(discover([path], str(work)))
    assert len(found) == 3
    for e in found:
        assert os.path.realpath(e.path).startswith(str(work) + os.sep)
    outside = [p for p in tmp_path.rglob("evil*") if p.name != "evil.zip"]
    assert not outside and not os.path.exists("/abs/evil2.docx")


def test_zip_bomb_limits(tmp_path):
    zeros = b"\0" * (12 * 1024 * 1024)
    path = make_zip(tmp_path / "bomb.zip", {"bomb.docx": zeros, "ok.docx": b"fine"})
    found = by_name(entries([path], tmp_path))
    bomb = found[f"{path}!/bomb.docx"]
    assert bomb.status == "failed" and "压缩炸弹" in bomb.error and not bomb.path
    assert found[f"{path}!/ok.docx"].status is None

    small = Limits(max_member_bytes=1000)
    big = make_zip(tmp_path / "big.zip", {"big.docx": os.urandom(5000)}, zipfile.ZIP_STORED)
    [e] = entries([big], tmp_path, limits=small)
    assert e.status == "failed" and "过大" in e.error


def test_lying_sizes_are_caught_while_extracting(tmp_path):
    """Declared sizes are patched to look small; the real bytes are not trusted."""
    data = os.urandom(200_000)
    path = make_zip(tmp_path / "liar.zip", {"liar.docx": data}, zipfile.ZIP_STORED)
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
    raw = bytearray(open(path, "rb").read())
    size = len(data).to_bytes(4, "little")
    small = (100).to_bytes(4, "little")
    raw = bytes(raw).replace(size + size, size + small)  # compressed, uncompressed pairs
    open(path, "wb").write(raw)
    [e] = entries([path], tmp_path)
    assert e.status == "failed" and e.error
    assert info.file_size == len(data)


def test_total_budget_and_member_count(tmp_path):
    members = {f"r{i}.docx": os.urandom(3000) for i in range(5)}
    path = make_zip(tmp_path / "many.zip", members, zipfile.ZIP_STORED)
    found = entries([path], tmp_path, limits=Limits(max_total_bytes=7000))
    status = [e.status for e in found]
    assert status == [None, None, "failed", "failed", "failed"]
    assert "总量" in found[2].error

    found = entries([path], tmp_path, limits=Limits(max_members=3))
    assert found[0].source_file == path and found[0].status == "failed"
    assert "过多" in found[0].error and len(found) == 4


def test_nesting_depth_limit(tmp_path):
    data = docx_bytes()
    for level in range(5):
        path = make_zip(tmp_path / f"z{level}.zip", {f"l{level}.bin": data})
        data = open(path, "rb").read()
    found = entries([path], tmp_path, limits=Limits(max_depth=3))
    assert len(found) == 1 and found[0].status == "skipped" and "嵌套" in found[0].error
    assert found[0].source_file.count("!/") == 3


def test_truncated_archive_reports_itself_and_keeps_what_is_readable(tmp_path):
    members = {f"r{i}.docx": docx_bytes(str(i)) for i in range(4)}
    path = make_zip(tmp_path / "full.zip", members)
    raw = open(path, "rb").read()
    cut = tmp_path / "cut.zip"
    with zipfile.ZipFile(path) as zf:
        third = zf.getinfo("r2.docx").header_offset
    cut.write_bytes(raw[:third + 200])
    found = entries([cut], tmp_path)
    assert found[0].source_file == str(cut) and found[0].status == "failed"
    assert "损坏" in found[0].error and "2 个" in found[0].error
    rest = {e.source_file.split("!/")[1]: e for e in found[1:]}
    assert rest["r0.docx"].status is None and rest["r1.docx"].status is None
    assert rest["r2.docx"].status == "failed"
    assert open(rest["r0.docx"].path, "rb").read() == members["r0.docx"]


def test_truncated_streamed_archive(tmp_path):
    """Archives written to a pipe use data descriptors (sizes after the data)."""
    class Pipe(io.RawIOBase):
        def __init__(self):
            self.buf = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.buf += b
            return len(b)

    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"s{i}.docx", docx_bytes(str(i)))
    path = tmp_path / "streamed.zip"
    path.write_bytes(bytes(pipe.buf[:-60]))  # central directory cut off
    found = entries([path], tmp_path)
    assert found[0].status == "failed"
    assert [e.status for e in found[1:]] == [None, None, None]


def test_damaged_member_and_encrypted_member(tmp_path):
    path = make_zip(tmp_path / "dmg.zip", {"a.docx": docx_bytes("a"), "b.docx": docx_bytes("b")})
    raw = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as zf:
        b = zf.getinfo("b.docx")
        a = zf.getinfo("a.docx")
    start = b.header_offset + 30 + len("b.docx") + 100
    raw[start:start + 50] = b"\xff" * 50              # corrupt b's compressed data
    raw[a.header_offset + 6] |= 1                       # mark a as encrypted (local header)
    first_cd = bytes(raw).find(b"PK\x01\x02")         # a.docx's central directory entry
    raw[first_cd + 8] |= 1                              # marked encrypted there too
    open(path, "wb").write(bytes(raw))
    found = by_name(entries([path], tmp_path))
    assert found[f"{path}!/a.docx"].status == "failed" and "密码" in found[f"{path}!/a.docx"].error
    assert found[f"{path}!/b.docx"].status == "failed" and "损坏" in found[f"{path}!/b.docx"].error


def test_symlink_member_duplicate_names_and_empty_archive(tmp_path):
    link = zipfile.ZipInfo("link.docx")
    link.external_attr = 0o120777 << 16
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(link, "/etc/passwd")
        zf.writestr("same.docx", b"one")
        with pytest.warns(UserWarning):
            zf.writestr("same.docx", b"two")
    found = entries([path], tmp_path)
    assert [e.source_file.split("!/")[1] for e in found] == ["link.docx", "same.docx",
                                                            "same.docx (2)"]
    assert found[0].status == "skipped"
    assert {open(e.path, "rb").read() for e in found[1:]} == {b"one", b"two"}

    empty = make_zip(tmp_path / "empty.zip", {})
    [e] = entries([empty], tmp_path)
    assert e.status == "skipped" and "没有文件" in e.error


def test_junk_rules():
    assert junk_reason("a/~$report.docx")
    assert junk_reason("x.zip!/__MACOSX/y/._report.docx")
    assert junk_reason("/p/.DS_Store")
    assert junk_reason("~WRL0001.tmp")
    assert junk_reason("a/report.docx") is None
    assert junk_reason("a/$report.docx") is None


def test_office_file_cut_before_its_main_part_is_one_failed_file(tmp_path):
    """Found by bench/fuzz_bench.py: a truncated XLSX/DOCX cut before the parts that tell
    what it is looked like a damaged archive, and its XML parts were listed as files."""
    cases = (("XLSX", ["docProps/app.xml", "docProps/core.xml", "xl/theme/theme1.xml"],
              "[Content_Types].xml"),
             ("Office", ["[Content_Types].xml"], "_rels/.rels"))
    for kind, kept, first_cut in cases:
        path = tmp_path / f"cut-{kind}.bin"
        make_zip(path, dict({name: os.urandom(3000) for name in kept},
                            **{first_cut: b"<Types/>", "word/document.xml": os.urandom(9000)}))
        with zipfile.ZipFile(path) as zf:
            cut = zf.getinfo(first_cut).header_offset + 5
        path.write_bytes(path.read_bytes()[:cut])
        found = entries([path], tmp_path)
        assert len(found) == 1, [e.source_file for e in found]
        [e] = found
        assert e.source_file == str(path) and e.status == "failed", e
        assert f"{kind} 文件被截断" in e.error
    # a damaged archive of reports is still salvaged member by member
    reports = tmp_path / "reports.zip"
    make_zip(reports, {"a.docx": docx_bytes("a"), "b.docx": docx_bytes("b")})
    reports.write_bytes(reports.read_bytes()[:-30])
    found = entries([reports], tmp_path)
    assert [e.source_file.split("!/")[-1] for e in found[1:]] == ["a.docx", "b.docx"]
