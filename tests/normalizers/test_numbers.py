import pytest

from normalizers.numbers import parse_number, to_wanyuan, unit_in


@pytest.mark.parametrize("text,value,kind", [
    ("1,082.00", 1082.0, "number"),
    ("７９２．５２", 792.52, "number"),
    ("96%", 96.0, "percent"),
    ("95.\n\n10%", 95.10, "percent"),
    ("968.191 8", 968.1918, "number"),
    ("0", 0.0, "number"),
    ("0.00", 0.0, "number"),
    ("-3.00", -3.0, "number"),
    ("(1.50)", -1.5, "number"),
    ("2.5万元", 2.5, "number"),
    ("   局机关", None, "text"),
    ("≥50个", None, "text"),
    ("已完成", None, "text"),
])
def test_parse_number(text, value, kind):
    n = parse_number(text)
    assert n.kind == kind
    assert n.value == pytest.approx(value) if value is not None else n.value is None


@pytest.mark.parametrize("text", ["", "  ", "—", "-", "/", "无", "……", "——"])
def test_placeholders_are_not_values(text):
    assert parse_number(text).value is None


def test_units():
    assert unit_in("年度收入情况（万元）") == "万元"
    assert unit_in("单位：元") == "元"
    assert unit_in("金额单位:元") == "元"
    assert unit_in("机构名称") is None
    assert to_wanyuan(7925200, "元") == pytest.approx(792.52)
    assert to_wanyuan(792.52, None) == pytest.approx(792.52)


def test_middle_dot_between_digits_is_a_decimal_point():
    assert parse_number("120·00").value == pytest.approx(120.0)
    assert parse_number("2·10").value == pytest.approx(2.1)
    assert parse_number("·5").kind == "text"


@pytest.mark.parametrize("text", ["一", "二", "一一"])
def test_dash_read_as_one_or_two_is_a_placeholder_only_on_a_scan(text):
    from normalizers.numbers import cell_number
    from parsers.model import Cell, Paragraph
    scanned = Cell(row=0, col=0, paragraphs=[Paragraph(text=text)], confidence=0.97)
    typed = Cell(row=0, col=0, paragraphs=[Paragraph(text=text)])
    assert cell_number(scanned).kind == "placeholder"
    assert cell_number(typed).kind == "text"  # in a text document it is no figure: a finding
