"""Input workbooks → checked input objects: the schema, the per-sheet readers, the template and reference,
and the other files a command reads (SSB's prognosis, a sweep's grid, a plan read back)."""

from planner.inputs.reading import InputWorkbook, RunSettings, read_input

__all__ = ["InputWorkbook", "RunSettings", "read_input"]
