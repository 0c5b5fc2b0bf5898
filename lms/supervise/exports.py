"""The dashboard table as CSV and XLSX files, cell for cell what the page shows."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lms.supervise.dashboard import Table

# A spreadsheet app would run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell that cannot be read as a formula: a leading apostrophe when needed."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def table_lines(table: Table) -> list[list[str]]:
    """Header rows then data rows, neutralised; both file formats write exactly these."""
    lines = [table.group_row, table.header, *table.rows]
    return [[neutralise(cell) for cell in line] for line in lines]


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads æøå and åäö right."""
    out = io.StringIO()
    csv.writer(out).writerows(table_lines(table))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table, sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet; every cell is written as text."""
    book = Workbook()
    sheet = book.active
    # Sheet titles are at most 31 characters and may not hold []:*?/\
    sheet.title = "".join(c for c in sheet_title if c not in "[]:*?/\\")[:31] or "Steg"
    for line in table_lines(table):
        sheet.append(line)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
