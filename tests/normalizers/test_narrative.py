"""Figures stated in the narrative."""

from normalizers.narrative import _facts_in


def test_narrative_figures_skip_last_years():
    got = [(f.field, f.value) for f in _facts_in(
        "2021年基本支出792.52万元，上年基本支出700万元，较上年同期人员经费600万元，其中人员经费618.79万元；"
        "在职36人，退休72人；“三公”经费2.5万元。", "x")]
    assert got == [("expenditure_basic", 792.52), ("expenditure_personnel", 618.79),
                   ("staff_in_service", 36), ("staff_retired", 72), ("three_public_total", 2.5)]
