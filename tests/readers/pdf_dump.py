"""Reads a PDF with pypdf (an independent reader) and prints, as JSON, its page count, the base
fonts of its pages and whether each is embedded, and its title. The text itself is read with
poppler's pdftotext by the tests. Used by the API tests: python pdf_dump.py FILE."""
import json
import sys

from pypdf import PdfReader

reader = PdfReader(sys.argv[1])
fonts = {}
for page in reader.pages:
    resources = page.get("/Resources") or {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        embedded = False
        if descriptor is not None:
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        fonts[str(font.get("/BaseFont"))] = embedded
title = reader.metadata.title if reader.metadata else None
print(json.dumps({"pages": len(reader.pages), "fonts": fonts, "title": title}, ensure_ascii=False))
