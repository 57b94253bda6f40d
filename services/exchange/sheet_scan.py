"""Streams the XML parts of a workbook through expat before openpyxl reads them.

openpyxl parses sheets with expat (through defusedxml when it is installed) and builds a whole
row before it hands it on, padding it to its last cell's column; a row index far down makes it
yield every empty row before it. So a few kilobytes of XML can ask for millions of cells, and a
DTD can expand entities without end. This scan refuses any DTD and counts sheets, rows and
cells the way openpyxl will, in constant memory, stopping at the first bound passed.
"""

from __future__ import annotations

import posixpath
import zipfile
from functools import lru_cache
from typing import Any
from xml.parsers import expat

from services.exchange.import_limits import ImportLimits, LimitExceeded

BEYOND = 10**15  # a row or column number past any bound, for a reference too long to read
DIGITS = "0123456789"


class Workbook:
    """What the parts of one workbook declare: how many sheets, their titles and parts."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.sheets = 0
        self.sheet_ids: dict[tuple[str, str], str] = {}  # (workbook part, relation id) -> title
        self.targets: dict[tuple[str, str], str] = {}  # (relationships part, id) -> target

    def add_sheet(self, part: str, attrs: dict[str, str]) -> None:
        """Counts a sheet a workbook part declares and remembers its title."""
        self.sheets += 1
        if self.sheets > self.limits.sheets:
            raise self.limits.exceeded("too_many_sheets", "sheets")
        relation = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
        self.sheet_ids[(part, relation)] = attrs.get("name", "")

    def add_target(self, part: str, attrs: dict[str, str]) -> None:
        """Remembers where a relationship points."""
        self.targets[(part, attrs.get("Id", ""))] = attrs.get("Target", "")

    def title(self, part: str) -> str:
        """Returns the title of the sheet stored in a part, or else the part's name."""
        for (owner, relation), title in self.sheet_ids.items():
            folder = posixpath.dirname(owner)
            relations = posixpath.join(folder, "_rels", posixpath.basename(owner) + ".rels")
            target = self.targets.get((relations, relation), "")
            if target and _resolved(folder, target) == part:
                return title
        return part


def _resolved(folder: str, target: str) -> str:
    """Returns a relationship's target as a path inside the archive."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


class SheetScan:
    """One XML part streaming through expat: no DTD, and rows and cells within the bounds."""

    def __init__(self, part: str, workbook: Workbook) -> None:
        self.part, self.workbook, self.limits = part, workbook, workbook.limits
        self.max_rows, self.max_columns = self.limits.sheet_rows, self.limits.columns
        self.row = self.column = 0
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd

    def feed(self, data: bytes, final: bool = False) -> None:
        """Parses the next bytes of the part."""
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as error:
            # Refused rather than skipped: a part this parser cannot read might still be read by
            # another (openpyxl reads some parts with lxml), unbounded.
            raise zipfile.BadZipFile(f"{self.part}: {error}") from None

    def close(self) -> None:
        """Ends the part; a part cut short is refused like a damaged one."""
        self.feed(b"", final=True)

    def _refuse_dtd(self, *_: Any) -> None:
        raise LimitExceeded("xml_entities", entry=self.part)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        # Any prefix counts: namespaces are not checked, so no namespace trick hides a row.
        # This runs for every element of every sheet, hence the plain, ordered tests.
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            ref = attrs.get("r")
            self.column = column_number(ref.rstrip(DIGITS)) if ref else self.column + 1
            if self.column > self.max_columns:
                self._refuse("too_many_columns", "columns")
        elif name == "row":
            ref = attrs.get("r", "")
            self.row = (BEYOND if len(ref) > 15 else int(ref)) if ref.isdecimal() else self.row + 1
            self.column = 0
            if self.row > self.max_rows:
                self._refuse("too_many_rows", "sheet_rows")
        elif name == "sheet":
            self.workbook.add_sheet(self.part, attrs)
        elif name == "Relationship":
            self.workbook.add_target(self.part, attrs)

    def _refuse(self, code: str, key: str) -> None:
        raise self.limits.exceeded(code, key, sheet=self.workbook.title(self.part))


@lru_cache(maxsize=1 << 15)
def column_number(letters: str) -> int:
    """Returns the number of a column by its letters ("AB" is 28; openpyxl reads lower case too)."""
    number = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            break
        number = number * 26 + ord(letter) - 64
        if number > BEYOND:
            break
    return number
