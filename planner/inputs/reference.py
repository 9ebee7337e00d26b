"""The workbooks' reference page (docs/workbooks.md), written from the schema: `make docs`.

Input sheets and settings come from planner.inputs.sheets, output sheets from models.tables, so the
page says exactly what the reader accepts and the writer writes. tests/test_docs.py fails when
the committed page differs from what this module generates.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from planner.inputs.schema import KINDS, Column, SheetSpec, show_value
from planner.inputs.sheets import SETTINGS, SHEETS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "workbooks.md"


_PATTERN = re.compile(r"([\w.]*<\w+>[\w.]*)")  # persons_<name>, <band>.min_share: code, never HTML


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, names like persons_<name> as code."""
    parts = text.replace("|", "\\|").replace("\n", " ").split("`")
    return "`".join(part if i % 2 else _PATTERN.sub(r"`\1`", part) for i, part in enumerate(parts))


def _value_rule(column: Column) -> str:
    """Whether a cell must be filled, and what an empty one means."""
    if column.required:
        return "required"
    if column.required_when:
        other, value, _ = column.required_when
        return f"required when {other} = {show_value(value)}"
    if column.default_from:
        return f"blank: {column.default_from}"
    if column.default in (None, (), ""):
        return "optional"
    return f"default {show_value(column.default)}"


def _kind(column: Column) -> str:
    kind = column.kind.replace("_", "/")
    lowest = column.lowest
    if column.kind == "integer" or (column.kind == "number" and lowest not in (None, 0)):
        kind += f" ≥ {lowest:g}"
    if column.kind == "choice":
        kind += ": " + ", ".join(f"`{c}`" for c in column.choices)
    if column.at_most:
        kind += f" ≤ `{column.at_most}`"
    return kind


def _input_sheet(spec: SheetSpec) -> list[str]:
    need = "required sheet" if spec.required else "optional sheet"
    lines = [f"### {spec.name}", "", f"*{need}*; one row is {spec.row}.", ""]
    lines += ["| column | kind | unit | cell | meaning |", "|---|---|---|---|---|"]
    for column in spec.columns:
        name = f"`{column.name}<name>`" if column.pattern else f"`{column.name}`"
        if column.must_be_in_header and not column.required:
            name += " ¹"
        rule = "ignored" if not column.read else _value_rule(column)
        lines.append(f"| {name} | {_cell(_kind(column))} | {column.unit_text} | {rule} | {_cell(column.note)} |")
    lines.append("")
    if any(c.must_be_in_header and not c.required for c in spec.columns):
        lines += ["¹ the column must be in the header row, even where its cells may be blank.", ""]
    for group in spec.at_least_one:
        lines += [f"A row fills at least one of {', '.join(f'`{name}`' for name in group)}.", ""]
    return lines


def _settings() -> list[str]:
    lines = [
        "### settings keys",
        "",
        "One row per key in the `settings` sheet. A key close to one listed (`discount rate`) is reported",
        "as a probable typo; any other unknown key is warned about and ignored.",
        "",
        "| key | kind | unit | value | meaning |",
        "|---|---|---|---|---|",
    ]
    for setting in SETTINGS:
        lines.append(
            f"| `{setting.name}` | {_cell(_kind(setting))} | {setting.unit_text} | {_value_rule(setting)} "
            f"| {_cell(setting.note)} |"
        )
    lines.append("")
    return lines


def _output_sheets() -> list[str]:
    from models.tables import OTHER_TABLES, OUTPUT_TABLES, SUMMARY_KEYS

    lines = [
        "## Plan workbook (output)",
        "",
        "The sheets for people come first (their layout is for reading, see the contract); then the",
        "machine-readable sheets below, long format, one header row, exactly these columns in this",
        "order, plain values (never formulas); then `input_<sheet>`, a copy of each input sheet read.",
        "",
    ]
    for table in OUTPUT_TABLES.values():
        lines += _table(table)
        if table.name == "summary":
            lines += ["**summary keys**", "", "| key | unit | meaning |", "|---|---|---|"]
            lines += [f"| `{f.name}` | {f.unit} | {_cell(f.description)} |" for f in SUMMARY_KEYS]
            lines.append("")
    lines += ["## Other workbooks", ""]
    for key, table in OTHER_TABLES.items():
        lines += _table(table, f"{key}")
    return lines


def _table(table, title: str | None = None) -> list[str]:
    lines = [f"### {title or table.name}", "", _cell(table.description), ""]
    lines += ["| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {f.unit} | {_cell(f.description)} |" for f in table.columns]
    lines.append("")
    return lines


def workbooks_markdown() -> str:
    """The whole reference page, as Markdown."""
    lines = [
        "# Workbooks reference",
        "",
        "<!-- Generated by `make docs` from planner/inputs/sheets.py and models/tables.py; do not edit by hand. -->",
        "",
        "Every sheet and column the planner reads and writes. The command line, the model and the",
        "exit codes are in [contract.md](contract.md); the formulation in [formulation.md](formulation.md).",
        "",
        "## Input workbook",
        "",
        "Start from `planner template my-municipality.xlsx`: it writes every sheet below with a note on",
        "each header cell, the default place types and bands, and placeholders to replace; check your",
        "workbook with `planner validate`. The example `inputs/baerum.xlsx` is a complete one.",
        "",
        "Sheet and column names are matched in lower case; extra sheets and columns are ignored (a",
        "header, setting key or sheet name close to a known one is reported as a probable typo). Money",
        "is in NOK of one price year. Every problem is reported at once, with file, sheet, row and column.",
        "",
        "| kind | a cell holds |",
        "|---|---|",
        *[f"| {kind.replace('_', '/')} | {_cell(text)} |" for kind, text in KINDS.items()],
        "",
        "| sheet | required | one row is |",
        "|---|---|---|",
        *[f"| [{s.name}](#{s.name}) | {'yes' if s.required else 'no'} | {_cell(s.row)} |" for s in SHEETS.values()],
        "",
    ]
    for spec in SHEETS.values():
        lines += _input_sheet(spec)
        if spec.name == "settings":
            lines += _settings()
    lines += _output_sheets()
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page (default docs/workbooks.md); `--check` only says whether it is current."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    path = Path(paths[0]) if paths else PAGE
    text = workbooks_markdown()
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date; run make docs", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
