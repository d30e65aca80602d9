"""Sample reports to test jixiao against: a deterministic generator of Family A
(部门（单位）整体支出绩效评价自评报告) DOCX files with their expected values, and PDF twins.

Regenerate with `python -m samples.generate [OUTDIR] [--pdf]`.
"""
