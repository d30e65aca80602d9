"""Indicator values as printed in a 自评表: operator, number and unit."""
import pytest

from normalizers.forms.indicator_values import misses, operator_of, parse_value


@pytest.mark.parametrize("text, op, value, unit", [
    ("≥50个", ">=", 50, "个"),
    ("≤90万元", "<=", 90, "万元"),
    ("100%", "", 100, "%"),
    ("≥95%", ">=", 95, "%"),
    ("＝100％", "=", 100, "%"),
    ("≥100百分比", ">=", 100, "%"),
    ("不低于95%", ">=", 95, "%"),
    ("不高于1.5万元", "<=", 1.5, "万元"),
    ("95%以上", ">=", 95, "%"),
    ("90万元以内", "<=", 90, "万元"),
    ("＞3次", ">", 3, "次"),
    ("＜5天", "<", 5, "天"),
    ("≦5天", "<=", 5, "天"),
    ("1,200人次", "", 1200, "人次"),
    ("≥ 8.2 万人", ">=", 8.2, "万人"),
    ("0.55", "", 0.55, ""),
    ("≤15日", "<=", 15, "日"),
])
def test_numbers_with_operators_and_units(text, op, value, unit):
    v = parse_value(text)
    assert (v.operator, v.value, v.unit) == (op, pytest.approx(value), unit)


@pytest.mark.parametrize("text", ["达成预期指标", "效果明显", "完成", "12月底前", "2022年", "", "按季度拨付"])
def test_texts_give_no_number(text):
    assert parse_value(text).value is None


def test_operator_column():
    assert operator_of("≥") == ">=" and operator_of("≤") == "<=" and operator_of("＝") == "="
    assert operator_of("定性") == ""


@pytest.mark.parametrize("op, target, actual, missed", [
    (">=", 95, 90, True), (">=", 95, 95, False), ("<=", 90, 91, True), ("<=", 90, 80, False),
    ("=", 100, 99, True), (">", 3, 3, True), ("<", 5, 4, False),
])
def test_misses(op, target, actual, missed):
    assert misses(op, target, actual) is missed
