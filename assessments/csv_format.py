"""The assessment CSV format: columns, the downloadable template, and reading a file into
cells by line. No database access: assessments.csv_import checks and writes the rows.

Lines whose first cell starts with "#" are comments (the template lists the protocol
library in them) and are skipped wherever they appear.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from config.validation import text_error

MAX_ROWS = 20_000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CELL_CHARS = 254  # the longest email address; every other column is shorter
FILE_LINE = 0  # the line number of errors about the file as a whole

# Normalized header -> column. Extra columns (notes, names) are ignored.
HEADER_ALIASES = {
    "athlete": "athlete",
    "athlete_email": "athlete_email",
    "email": "athlete_email",
    "external_id": "external_id",
    "date": "date",
    "test_date": "date",
    "body_mass_kg": "body_mass_kg",
    "body_mass": "body_mass_kg",
    "protocol": "protocol",
    "protocol_code": "protocol",
    "side": "side",
    "value": "value",
}
REQUIRED_COLUMNS = ("date", "body_mass_kg", "protocol", "side", "value")
SIDES = {"l": "L", "left": "L", "r": "R", "right": "R", "b": "B", "both": "B"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DMY_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def parse_number(text: str, decimal_comma: bool) -> Decimal | None:
    """The number as written (exact, any size: the shared number rule bounds it), or None
    when it is not written as a plain decimal number."""
    text = text.strip()
    if decimal_comma and "." not in text:
        text = text.replace(",", ".", 1)
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def shown(text: str) -> str:
    """A cell quoted in a message, cut short."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def cell_errors(row: dict[str, str]) -> list[str]:
    """The shared text rule for every cell: no control characters, no overlong values."""
    return [
        f"Column {name}: {message}"
        for name, cell in row.items()
        if (message := text_error(cell, max_chars=MAX_CELL_CHARS))
    ]


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _DMY_DATE.fullmatch(text):
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None
    return None


def header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_table(file_bytes: bytes) -> tuple[list[tuple[int, dict[str, str]]], str, list]:
    """(line, cells by column) for each non-blank data row, the delimiter, file errors."""
    if len(file_bytes) > MAX_FILE_BYTES:
        return [], ",", [(FILE_LINE, "The file is larger than 5 MB; split it.")]
    try:
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ",", [(FILE_LINE, "The file is not UTF-8 text. Save it as CSV UTF-8.")]
    lines = text.splitlines()
    header_line = next(
        (line for line in lines if line.strip() and not line.lstrip().startswith("#")), None
    )
    if header_line is None:
        return [], ",", [(FILE_LINE, "The file is empty.")]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _read_rows(reader, delimiter)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 kB field limit
        return [], delimiter, [(reader.line_num, f"The file is not valid CSV: {exc}.")]


def _read_rows(reader, delimiter: str) -> tuple[list[tuple[int, dict[str, str]]], str, list]:
    header: list[str | None] | None = None
    table: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells) or _is_comment(cells):
            continue  # blank line or comment
        if header is None:
            header = [HEADER_ALIASES.get(header_key(cell)) for cell in cells]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if not {"athlete", "athlete_email", "external_id"} & set(header):
                missing.insert(0, "athlete_email or external_id")
            if missing:
                message = f"Missing columns: {', '.join(missing)}."
                return [], delimiter, [(reader.line_num, message)]
            continue
        if len(table) == MAX_ROWS:
            return [], delimiter, [(FILE_LINE, f"The file has more than {MAX_ROWS:,} rows.")]
        row = {}
        for name, cell in zip(header, cells, strict=False):
            if name is not None and not row.get(name):
                row[name] = cell.strip()
        table.append((reader.line_num, row))
    if not table:
        return [], delimiter, [(FILE_LINE, "The file has a header but no rows.")]
    return table, delimiter, []


TEMPLATE_COLUMNS = (
    "athlete_email",
    "external_id",
    "date",
    "body_mass_kg",
    "protocol",
    "side",
    "value",
)
TEMPLATE_EXAMPLES = (
    ("sam@example.com", "", "2025-03-01", "72.5", "hip_flexion_hhd", "L", "410"),
    ("sam@example.com", "", "2025-03-01", "72.5", "hip_flexion_hhd", "R", "395"),
    ("", "A-102", "2025-03-01", "64.0", "prone_plank", "B", "118"),
)


def _is_comment(cells: list[str]) -> bool:
    return bool(cells) and cells[0].lstrip().startswith("#")


def template_csv(protocols: Iterable) -> str:
    """The template: comment rows listing each protocol (code, name, unit, sides, plausible
    range), then the header and example rows. The importer skips the comment rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["# Lines starting with # are ignored. Protocol codes for the protocol column:"]
    )
    writer.writerow(["# code", "name", "unit", "side", "plausible range"])
    for p in protocols:
        sides = "L or R" if p.sided else "B"
        span = f"{p.plausible_min:g}-{p.plausible_max:g} {p.unit}"
        writer.writerow([f"# {p.code}", p.name, p.unit, sides, span])
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerows(TEMPLATE_EXAMPLES)
    return out.getvalue()
