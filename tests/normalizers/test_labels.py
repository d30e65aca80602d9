import pytest

from normalizers.labels import dictionary
from normalizers.text import fold, split_points


@pytest.mark.parametrize("printed,field", [
    ("公共财\n政拨款", "income_fiscal"),
    ("一般公共预算财政拨款", "income_fiscal"),
    ("政府性基金预算拨款", "income_gov_fund"),
    ("财政专户管理资金", "income_special_account"),
    ("其他\n收入", "income_other"),
    ("三公经费\n合计", "three_public_total"),
    ("“三公”经费", "three_public_total"),
    ("公务用车运行维护费", "three_public_vehicle_operation"),
    ("因公出国（境）费", "three_public_overseas"),
    ("因公出国(境)费", "three_public_overseas"),
    ("日常公用经费", "expenditure_public"),
    ("人员经费", "expenditure_personnel"),
    ("固定资产\n合计", "fixed_assets_total"),
    ("编制人数", "staff_authorized"),
    ("其中：基本支出", "expenditure_basic"),
])
def test_known_spellings(printed, field):
    m = dictionary().match(printed)
    assert m is not None and m.field == field
    assert m.how in ("exact", "folded")


def test_context_only_label():
    d = dictionary()
    assert d.match("其他", tables=("fixed_assets",), context="fixed_assets").field == "fixed_assets_other"
    assert d.match("其他", tables=("fixed_assets",), context=None) is None
    assert d.match("其他", tables=("income",), context="income").field == "income_other"


def test_unseen_variant_falls_back_to_jieba():
    m = dictionary().match("公务用车运行维护经费", tables=("three_public",))
    assert m is not None and m.field == "three_public_vehicle_operation" and m.how == "jieba"


def test_unrelated_text_does_not_match():
    assert dictionary().match("评价组组长（签字）") is None
    assert dictionary().match("抓创新，不断提升科技含量") is None


def test_fold_and_points():
    assert fold("投  入\n（15分）") == "投入(15分)"
    assert split_points("投  入\n（15分）") == ("投入", 15.0)
    assert split_points("产  出（25分）") == ("产出", 25.0)
    assert split_points("预算调整率") == ("预算调整率", None)


def test_users_extend_the_dictionary(tmp_path, monkeypatch):
    from normalizers.labels import LabelDictionary

    extra = tmp_path / "mine.csv"
    extra.write_text("table,field,label,context_only,zh_name\n"
                     "three_public,three_public_reception,接待费用支出,,\n", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_LABELS", str(extra))
    m = LabelDictionary.load().match("接待费用支出", fuzzy=False)
    assert m is not None and m.field == "three_public_reception" and m.how == "exact"
    monkeypatch.delenv("JIXIAO_LABELS")
    assert LabelDictionary.load().match("接待费用支出", fuzzy=False) is None


def test_every_rule_field_has_a_chinese_name():
    """Messages name fields in Chinese: no field of a rule falls back to its id."""
    import csv
    import re
    from normalizers.labels import data_files
    names = dictionary().name
    for path in data_files("rules"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for field in re.findall(r"[a-z][a-z0-9_]+", " ".join(
                        [row.get("total") or "", row.get("parts") or ""])):
                    assert not re.fullmatch(r"[a-z0-9_]+", names(field)), (path, row["rule"], field)


def test_points_with_a_bracket_lost_on_a_scan():
    assert split_points("过程(40\n分") == ("过程", 40.0)
    assert split_points("效果（20分") == ("效果", 20.0)
    assert split_points("资产管理10分）") == ("资产管理", 10.0)
    assert split_points("满意度95分") == ("满意度95分", None)  # no bracket at all: no points
