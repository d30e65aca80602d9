from normalizers.outline import extract_sections, marker
from parsers.model import Document, Paragraph


def sections(lines):
    doc = Document(blocks=[Paragraph(x) for x in ["五、评价报告综述（文字部分）"] + lines])
    return [(s["path"], s["heading"]) for s in extract_sections(doc)]


def test_markers():
    assert marker("（一）我局") == ("paren_cn", 1, "我局")
    assert marker("4、 部门（单位）整体支出绩效情况") == ("arabic", 4, "部门（单位）整体支出绩效情况")
    assert marker("１．抓创新") == ("arabic", 1, "抓创新")
    assert marker("1.5万元用于") is None
    assert marker("2021年基本支出") is None


def test_drifting_top_level_numbers():
    got = sections(["一、部门（单位）概况", "正文", "二、整体支出管理及使用情况", "三、专项组织实施情况",
                    "4、 部门（单位）整体支出绩效情况", "1、抓创新", "2、抓运行", "3、抓治理", "4、抓维稳",
                    "5、存在的主要问题", "问题", "6、改进措施和有关建议", "1、加强绩效管理"])
    assert [p for p, _ in got] == ["一", "二", "三", "四", "四/1", "四/2", "四/3", "四/4", "五", "六", "六/1"]


def test_list_continuation_wins_without_a_known_title():
    got = sections(["一、概况", "1、甲", "2、乙", "二、情况", "1、丙", "2、丁", "3、戊"])
    assert [p for p, _ in got] == ["一", "一/1", "一/2", "二", "二/1", "二/2", "二/3"]


def test_long_numbered_passage_has_no_heading():
    got = sections(["一、概况", "（一）我局2021年底职工人数108人，其中：在职36人，退休72人。机关设置10个内设股室：办公室、政工人事股。"])
    assert got[1] == ("一/（一）", "")

