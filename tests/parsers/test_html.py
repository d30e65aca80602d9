"""HTML, .htm and .mht read into the same model as DOCX."""
from __future__ import annotations

import email.charset
import email.mime.multipart
import email.mime.text

import pytest

import parsers
from parsers.model import Paragraph, ParseError, Table
from parsers.sniff import sniff

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>页面标题不是正文</title><style>p {{ margin: 0 }}</style>
<script>var x = "脚本不是正文";</script></head>
<body>
<h1>一、部门基本情况</h1>
<p class=MsoNormal>   本部门共有
   在编人员<br>  12&nbsp;&nbsp;人。</p>
<!--[if gte mso 9]><xml>批注不是正文</xml><![endif]-->
<h2>（一）收入情况</h2>
<table border=1>
<caption>表1 收入支出表</caption>
<thead><tr><th rowspan="2">项目</th><th colspan="2">金额（万元）</th></tr>
<tr><th>年初预算</th><th>全年执行</th></tr></thead>
<tbody>
<tr><td>合计</td><td>1,082.00</td><td>96%</td></tr>
<tr><td>明细</td><td colspan=2><table><tr><td>内表</td><td rowspan=2>跨行</td></tr>
                                   <tr><td>第二行</td></tr></table></td></tr>
</tbody></table>
<div>注：数据来源于决算。</div>
</body></html>
"""


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def page(tmp_path):
    return write(tmp_path / "page.html", PAGE.format(charset="utf-8"))


def blocks(path):
    doc = parsers.parse(path)
    return doc, [b for b in doc.blocks if isinstance(b, Table)], \
        [b for b in doc.blocks if isinstance(b, Paragraph)]


def grid_texts(table):
    return [[c.text if c else None for c in row] for row in table.filled()]


def test_narrative_from_headings_and_paragraphs(page):
    _, _, paras = blocks(page)
    assert [p.text for p in paras] == ["一、部门基本情况", "本部门共有 在编人员\n12  人。",
                                       "（一）收入情况", "表1 收入支出表", "注：数据来源于决算。"]
    assert [(p.level, p.style) for p in paras[:3]] == [(0, "Heading 1"), (None, None),
                                                       (1, "Heading 2")]


def test_no_script_style_title_or_comment_text(page):
    lines = " ".join(parsers.parse(page).text_lines())
    assert "脚本" not in lines and "页面标题" not in lines and "批注" not in lines


def test_rowspan_colspan_are_cell_spans(page):
    _, tables, _ = blocks(page)
    assert len(tables) == 1
    outer = tables[0]
    assert (outer.n_rows, outer.n_cols) == (4, 3)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in outer.cells}
    assert spans[(0, 0)] == (2, 1) and spans[(0, 1)] == (1, 2) and spans[(3, 1)] == (1, 2)
    assert grid_texts(outer)[:3] == [["项目", "金额（万元）", "金额（万元）"],
                                     ["项目", "年初预算", "全年执行"],
                                     ["合计", "1,082.00", "96%"]]


def test_nested_table_belongs_to_its_cell(page):
    doc, tables, _ = blocks(page)
    host = tables[0].filled()[3][1]
    assert len(host.tables) == 1
    inner = host.tables[0]
    assert inner.path == ((1, 3, 1),) and inner.index == 2
    assert grid_texts(inner) == [["内表", "跨行"], ["第二行", "跨行"]]
    assert [t.index for t in doc.all_tables()] == [1, 2]


def test_gbk_page_declared_in_meta(tmp_path):
    path = write(tmp_path / "gbk.htm", PAGE.format(charset="gb2312"), "gbk")
    assert sniff(path) == "html"
    _, tables, paras = blocks(path)
    assert paras[0].text == "一、部门基本情况"
    assert grid_texts(tables[0])[2] == ["合计", "1,082.00", "96%"]


def test_undeclared_gbk_falls_back_from_utf8(tmp_path):
    text = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset={charset}">', "")
    path = write(tmp_path / "plain.html", text, "gb18030")
    assert blocks(path)[2][0].text == "一、部门基本情况"


def test_utf8_page_with_a_stale_gbk_meta(tmp_path):
    path = write(tmp_path / "stale.html", PAGE.format(charset="gbk"), "utf-8")
    assert blocks(path)[2][0].text == "一、部门基本情况"


def mht_bytes(html: str, charset: str) -> bytes:
    """A Word-style single file web page: multipart/related, quoted-printable body."""
    cs = email.charset.Charset(charset)
    cs.body_encoding = email.charset.QP
    msg = email.mime.multipart.MIMEMultipart("related", type="text/html")
    msg["MIME-Version"] = "1.0"
    msg["X-MimeOLE"] = "Produced By Microsoft MimeOLE"
    part = email.mime.text.MIMEText(html, "html", cs)
    part["Content-Location"] = "file:///C:/report.htm"
    msg.attach(part)
    image = email.mime.text.MIMEText("not an image", "plain")
    image.replace_header("Content-Type", "image/png")
    msg.attach(image)
    return msg.as_bytes()


@pytest.mark.parametrize("suffix", [".mht", ".mhtml", ".doc"])
def test_gbk_mht_quoted_printable(tmp_path, suffix):
    data = mht_bytes(PAGE.format(charset="gb2312"), "gb2312")
    assert b"=D2=BB" in data  # 一 in GB2312, quoted-printable: the body really is encoded
    path = tmp_path / ("report" + suffix)
    path.write_bytes(data)
    assert sniff(str(path)) == "html"
    _, tables, paras = blocks(str(path))
    assert paras[0].text == "一、部门基本情况"
    assert grid_texts(tables[0])[2] == ["合计", "1,082.00", "96%"]


def test_mht_without_html_part_says_so(tmp_path):
    msg = email.mime.multipart.MIMEMultipart("related")
    msg["MIME-Version"] = "1.0"
    msg.attach(email.mime.text.MIMEText("只有文字", "plain", "utf-8"))
    path = tmp_path / "x.mht"
    path.write_bytes(msg.as_bytes())
    with pytest.raises(ParseError) as err:
        parsers.parse(str(path))
    assert "HTML" in str(err.value) and "\n" not in str(err.value)


def test_fragment_without_html_tag(tmp_path):
    path = write(tmp_path / "frag.htm", "<table><tr><td>项目名称</td><td>道路</td></tr></table>")
    assert sniff(path) == "html"
    assert grid_texts(blocks(path)[1][0]) == [["项目名称", "道路"]]


def test_word_tab_span_is_a_tab(tmp_path):
    path = write(tmp_path / "toc.htm", "<html><body><p class=MsoToc1>一、部门概况<span "
                 "style='mso-tab-count:1 dotted'>. . . . . . </span>1</p></body></html>")
    assert blocks(path)[2][0].text == "一、部门概况\t1"
