"""Column names and types of every output table (CONTRACT.md, plus our own columns).

One place for the warehouse-facing schema: the writers cast to these types, so a column
keeps its type whether the run found one row or none.
"""

STRING, INT, FLOAT = "string", "Int64", "Float64"

TABLES = {
    "manifest": [
        ("source_file", STRING), ("sha256", STRING), ("status", STRING),
        ("report_id", STRING), ("error", STRING), ("file_format", STRING),
        ("size_bytes", INT), ("duplicate_of", STRING), ("seconds", FLOAT),
    ],
    "reports": [
        ("report_id", STRING), ("source_file", STRING), ("file_format", STRING),
        ("status", STRING), ("year", INT), ("department", STRING), ("budget_code", STRING),
        ("staff_authorized", INT), ("staff_actual", INT), ("score_total", FLOAT),
        ("score_stated", FLOAT), ("grade", STRING), ("n_errors", INT), ("n_warnings", INT),
        ("year_source", STRING), ("department_source", STRING), ("report_date", STRING),
        ("n_pages", INT), ("n_tables", INT), ("tables_found", STRING),
        ("tables_missing", STRING), ("form", STRING), ("project_name", STRING),
        ("supervising_department", STRING), ("implementing_unit", STRING),
    ],
    "facts": [
        ("report_id", STRING), ("table", STRING), ("entity", STRING), ("field", STRING),
        ("value", FLOAT), ("unit", STRING), ("label_raw", STRING), ("text_raw", STRING),
        ("location", STRING), ("match", STRING), ("unit_printed", STRING),
        ("period", STRING), ("confidence", FLOAT),
    ],
    "scores": [
        ("report_id", STRING), ("level1", STRING), ("level2", STRING), ("indicator", STRING),
        ("criteria", STRING), ("max_score", FLOAT), ("self_score", FLOAT), ("note", STRING),
        ("location", STRING), ("row_no", INT), ("level1_points", FLOAT),
        ("level2_points", FLOAT), ("max_group", STRING), ("max_group_score", FLOAT),
        ("sheet", STRING), ("explanation", STRING),
    ],
    "indicators": [
        ("report_id", STRING), ("category", STRING), ("dimension", STRING), ("seq", INT),
        ("target", STRING), ("result", STRING), ("location", STRING),
        ("level1", STRING), ("level2", STRING), ("level3", STRING), ("operator", STRING),
        ("target_value", FLOAT), ("actual_value", FLOAT), ("value_unit", STRING),
        ("max_score", FLOAT), ("self_score", FLOAT), ("deviation_note", STRING),
    ],
    "budget_execution": [
        ("report_id", STRING), ("line", STRING), ("label_raw", STRING),
        ("budget_initial", FLOAT), ("budget_adjusted", FLOAT), ("executed", FLOAT),
        ("rate", FLOAT), ("max_score", FLOAT), ("self_score", FLOAT), ("location", STRING),
    ],
    "sections": [
        ("report_id", STRING), ("path", STRING), ("heading", STRING), ("text", STRING),
        ("level", INT), ("order", INT), ("location", STRING),
    ],
    "discrepancies": [
        ("report_id", STRING), ("rule", STRING), ("severity", STRING), ("fields", STRING),
        ("expected", FLOAT), ("actual", FLOAT), ("difference", FLOAT), ("message", STRING),
        ("location", STRING), ("source_file", STRING),
    ],
}

TABLE_ORDER = list(TABLES)
# the tables one file contributes rows to (all but the manifest), in output order
DATA_TABLES = ("reports", "facts", "scores", "indicators", "budget_execution", "sections",
               "discrepancies")
SOURCE_TABLES = ("reports", "discrepancies")  # rows carrying source_file


def columns(table: str) -> list:
    return [name for name, _ in TABLES[table]]


# Keys, for the warehouse outputs (DuckDB, Data Package, PostgreSQL). Only keys the data
# guarantees: one row per input file, one row per report; every row of a report's tables
# points at its report. The manifest's report_id is not a foreign key: a failed or skipped
# file has none.
PRIMARY_KEYS = {"manifest": ["source_file"], "reports": ["report_id"]}
CHILD_TABLES = ("facts", "scores", "indicators", "budget_execution", "sections",
                "discrepancies")
FOREIGN_KEYS = {name: ("report_id", "reports", "report_id") for name in CHILD_TABLES}
