#!/usr/bin/env python3
"""Regenerates api/data/administrative-units-2025.csv, the national map shipped with the service.

The names and official codes of the 34 provinces and 3,321 commune-level units in force since
1 July 2025 are the General Statistics Office's list of administrative units, as packaged by the
`vietnam-provinces` library (pinned below). Run it when that list changes:

    python3 -m venv /tmp/vp && /tmp/vp/bin/pip install vietnam-provinces==2025.10.1
    /tmp/vp/bin/python scripts/national-map.py > api/data/administrative-units-2025.csv

Codes are written as the state writes them: two digits for a province, five for a commune.
Provinces are named with their level ("Tỉnh Cao Bằng", "Thành phố Hà Nội").
"""
import csv
import json
import sys

from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

with NESTED_DIVISIONS_JSON_PATH.open(encoding="utf-8") as f:
    provinces = json.load(f)

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["level", "official_code", "name", "unit_type", "province_code"])
for p in sorted(provinces, key=lambda p: p["code"]):
    name = p["name"]
    if p["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
        name = "Tỉnh " + name
    code = "%02d" % p["code"]
    out.writerow(["province", code, name, p["division_type"], ""])
    for w in sorted(p["wards"], key=lambda w: w["code"]):
        out.writerow(["commune", "%05d" % w["code"], w["name"], w["division_type"], code])
