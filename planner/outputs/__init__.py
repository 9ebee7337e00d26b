"""Solution tables → workbooks: the plan workbook (sheets for people, machine-readable sheets), its record,
the account of changes between plans, the diff and sweep workbooks, and the words of each language."""
