"""Reads a .docx file with python-docx (an independent reader) and prints what a reader of the
document sees, as JSON: each paragraph's text, font names, sizes (points) and boldness, each
table's cell texts, and each section's page size, orientation and margins (millimetres).
Used by the API tests: python docx_dump.py FILE."""
import json
import sys

from docx import Document
from docx.enum.section import WD_ORIENT


def mm(length):
    return None if length is None else round(length.mm, 1)


def paragraph(p):
    runs = [r for r in p.runs if r.text.strip()]
    return {
        "text": p.text,
        "fonts": sorted({r.font.name or (p.style.font.name if p.style else None) or "" for r in runs}),
        "sizes": sorted({r.font.size.pt for r in runs if r.font.size is not None}),
        "bold": any(bool(r.bold) for r in runs),
        "italic": any(bool(r.italic) for r in runs),
    }


doc = Document(sys.argv[1])
paragraphs = [paragraph(p) for p in doc.paragraphs if p.text.strip()]
tables = []
for t in doc.tables:
    rows = []
    for row in t.rows:
        rows.append([cell.text for cell in row.cells])
    # Paragraphs inside tables (the heading block and the signature are borderless tables).
    for row in t.rows:
        for cell in row.cells:
            paragraphs.extend(paragraph(p) for p in cell.paragraphs if p.text.strip())
    tables.append(rows)
sections = [
    {
        "landscape": s.orientation == WD_ORIENT.LANDSCAPE,
        "width": mm(s.page_width),
        "height": mm(s.page_height),
        "left": mm(s.left_margin),
        "right": mm(s.right_margin),
        "top": mm(s.top_margin),
        "bottom": mm(s.bottom_margin),
    }
    for s in doc.sections
]
print(json.dumps({"paragraphs": paragraphs, "tables": tables, "sections": sections}, ensure_ascii=False))
