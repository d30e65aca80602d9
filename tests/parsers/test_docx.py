"""The DOCX reader on real generated reports: spans, nesting, numbering, joined tables."""
import os
import zipfile

import pytest

from parsers import parse
from parsers.docx import parse_docx
from parsers.model import ParseError, Table
from tests.conftest import SAMPLES

SEED = os.path.join(SAMPLES, "keji-2021.docx")


@pytest.fixture(scope="module")
def seed():
    return parse(SEED)


def find_cell(doc, text):
    for t in doc.all_tables():
        for c in t.cells:
            if "".join(c.text.split()) == text:
                return t, c
    raise AssertionError(f"no cell {text!r}")


def test_merged_cells_appear_once_with_spans(seed):
    t, c = find_cell(seed, "机构名称")
    assert c.row_span >= 2
    t, c = find_cell(seed, "基本支出")
    assert c.row_span == 2
    same = [x for x in t.cells if "".join(x.text.split()) == "基本支出"]
    assert len(same) == 1


def test_filled_view_covers_spans(seed):
    t, c = find_cell(seed, "机构名称")
    grid = t.filled()
    for r in range(c.row, c.row + c.row_span):
        assert grid[r][c.col] is c


def test_line_breaks_inside_labels_are_kept(seed):
    t, c = find_cell(seed, "公共财政拨款")
    assert "\n" in c.text


def test_score_sheet_printed_in_two_tables_is_one(seed):
    sheets = [t for t in seed.tables if any("".join(c.text.split()) == "一级指标" for c in t.cells)]
    assert len(sheets) == 1
    sheet = sheets[0]
    assert len(sheet.parts) == 2
    headers = [c for c in sheet.cells if "".join(c.text.split()) == "一级指标"]
    assert len(headers) == 1  # the repeated header row was dropped


def test_shared_max_score_cell_spans_three_rows(seed):
    sheet = next(t for t in seed.tables if len(t.parts) == 2)
    fifteen = [c for c in sheet.cells if c.text.strip() == "15" and c.row_span == 3]
    assert len(fifteen) == 1


def test_narrative_cell_keeps_its_paragraphs(seed):
    t, c = next((t, c) for t in seed.all_tables() for c in t.cells if "评价报告综述" in c.text)
    texts = [p.display_text for p in c.paragraphs]
    assert any(x.startswith("一、部门（单位）概况") for x in texts)
    assert any(x.startswith("4、") for x in texts)


def test_tables_numbered_in_document_order(seed):
    indexes = [t.index for t in seed.all_tables()]
    assert indexes == sorted(indexes)


def test_nested_tables_are_kept_inside_their_cell():
    nested = []
    for name in sorted(os.listdir(SAMPLES)):
        if name.endswith(".docx"):
            doc = parse_docx(os.path.join(SAMPLES, name))
            nested += [t for top in doc.tables for c in top.cells for t in c.tables]
    assert nested, "the generator makes some samples with money tables nested in a form cell"
    assert all(isinstance(t, Table) and t.path for t in nested)


def test_entity_bomb_is_refused_without_expanding(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(SEED) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                        + data.split(b"?>", 1)[1])
            dst.writestr(item, data)
    with pytest.raises(ParseError, match="实体"):
        parse_docx(str(bomb))


def test_not_a_word_package(tmp_path):
    z = tmp_path / "x.docx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ParseError):
        parse_docx(str(z))
