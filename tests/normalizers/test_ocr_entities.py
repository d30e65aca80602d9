"""normalizers.ocr.harmonize_entities: one spelling per 机构名称 across a scan's tables."""
from __future__ import annotations

from normalizers.ocr_entities import harmonize_entities, same_entity
from normalizers.report import Fact, Report


def fact(table, entity, match="ocr") -> Fact:
    return Fact(table=table, entity=entity, field=f"{table}_total", value=1.0, unit="万元",
                label_raw="", text_raw="1", location="", match=match)


def report(facts) -> Report:
    r = Report(report_id="r", source_file="scan.pdf", file_format="pdf")
    r.facts = facts
    return r


def test_same_entity():
    assert same_entity("1局机关", "1、局机关")
    assert same_entity("2、二级机构", "2、二级机构1")
    assert not same_entity("2、二级机构1", "3、二级机构2")
    assert not same_entity("局机关", "局机关1")  # short labels: one glyph is a real difference


def test_misread_label_takes_the_spelling_of_the_other_tables():
    r = report([fact("income", "1局机关"), fact("expenditure", "1、局机关"),
                fact("three_public", "1、局机关"), fact("income", "2、二级机构"),
                fact("expenditure", "2、二级机构"), fact("three_public", "2、二级机构1"),
                fact("fixed_assets", "2、二级机构1")])
    harmonize_entities(r)
    assert [f.entity for f in r.facts] == ["1、局机关"] * 3 + ["2、二级机构1"] * 4


def test_entities_in_one_table_stay_apart_and_text_facts_keep_their_spelling():
    r = report([fact("income", "二级机构1"), fact("income", "二级机构12"),
                fact("expenditure", "二级机构12", match="exact")])
    harmonize_entities(r)
    assert [f.entity for f in r.facts] == ["二级机构1", "二级机构12", "二级机构12"]


def test_lost_list_mark_restored_from_the_report_style():
    names = ["1、局机关", "2、区第一中学", "3、区第二中学", "24区学生资助中心"]
    r = report([fact("income", n) for n in names])
    harmonize_entities(r)
    assert r.facts[-1].entity == "24、区学生资助中心"
