"""Reads an .xlsx file with openpyxl (an independent reader) and prints what a user would see, as
JSON: the sheet names, the frozen pane, and each cell's value, type, number format and boldness.
Used by the API tests: python xlsx_dump.py FILE [SHEET_INDEX]."""
import datetime
import json
import sys

from openpyxl import load_workbook

book = load_workbook(sys.argv[1])
sheet = book.worksheets[int(sys.argv[2]) if len(sys.argv) > 2 else 0]
rows = []
for row in sheet.iter_rows():
    cells = []
    for cell in row:
        value = cell.value
        if isinstance(value, datetime.datetime):
            kind, value = "date", value.date().isoformat()
        elif isinstance(value, bool):
            kind = "bool"
        elif isinstance(value, (int, float)):
            kind = "number"
        elif value is None:
            kind = "empty"
        else:
            kind = "text"
        cells.append({"value": value, "type": kind, "format": cell.number_format, "bold": bool(cell.font.b)})
    rows.append(cells)
print(json.dumps({"sheets": book.sheetnames, "freeze": sheet.freeze_panes, "rows": rows}, ensure_ascii=False))
