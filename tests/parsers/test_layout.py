"""parsers.layout: a Word table split in two with its header row repeated is one table,
also when the repeated header was read by OCR with a character misread."""
from __future__ import annotations

from parsers.layout import join_split_tables
from parsers.model import Cell, Paragraph, Table

HEADER = ["一级指标", "二级指标", "三级指标", "分值", "自评得分"]


def table(rows: list, confidence=None, index=1) -> Table:
    cells = [Cell(row=r, col=c, paragraphs=[Paragraph(text)], confidence=confidence)
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Table(cells=cells, n_rows=len(rows), n_cols=len(rows[0]), index=index)


def joined(first: Table, second: Table) -> list:
    return join_split_tables([first, Paragraph(""), second])


def test_repeated_header_joins():
    (t,) = joined(table([HEADER, ["投入", "预算配置", "执行率", "5", "5"]]),
                  table([HEADER, ["产出", "职责履行", "完成率", "7", "7"]], index=2))
    assert t.n_rows == 3 and [c.text for c in t.rows()[2]][:2] == ["产出", "职责履行"]


def test_header_misread_by_ocr_still_joins():
    misread = ["级指标"] + HEADER[1:]   # a thin 一 the engine did not see
    first = table([HEADER, ["投入", "预算配置", "执行率", "5", "5"]])
    second = table([misread, ["产出", "职责履行", "完成率", "7", "7"]], confidence=0.98, index=2)
    (t,) = joined(first, second)
    assert t.n_rows == 3 and t.rows()[0][0].text == "一级指标"
    assert t.rows()[2][0].confidence == 0.98  # the OCR cells keep their confidence
    # without OCR, texts that differ are different headers
    assert len(joined(first, table([misread, ["产出", "职责履行", "完成率", "7", "7"]]))) == 3


def test_other_headers_do_not_join_even_from_ocr():
    first = table([["机构名称", "2021年", "2022年"], ["局机关", "1", "2"]])
    years = table([["机构名称", "2022年", "2023年"], ["局机关", "3", "4"]], confidence=0.99)
    assert len(joined(first, years)) == 3  # a digit is never a misread here
    many = table([["机构名", "2021", "2022"], ["局机关", "3", "4"]], confidence=0.99)
    assert len(joined(first, many)) == 3
