"""Hostile workbooks built in memory, tiny on disk: zip bombs, entity expansion, huge sheets.

The zip is written by hand so that its directory can lie about sizes, which zipfile will not do.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from domain.dataset import Dataset
from domain.tables import TABLES
from services.exchange.writing import write_dataset

MB = 1 << 20
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# The people sheet of a workbook write_dataset wrote: one sheet a table, in the tables' order.
PEOPLE_SHEET = f"xl/worksheets/sheet{[t.name for t in TABLES].index('people') + 1}.xml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>\n"
)


@dataclass(frozen=True)
class Entry:
    """One zip entry: its raw deflate data and the size and checksum its directory declares."""

    name: str
    deflated: bytes
    size: int
    crc: int = 0


def entry(name: str, data: bytes) -> Entry:
    """An honest entry holding these bytes."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def bomb(name: str, megabytes: int, *, fill: bytes = b"\0", prefix: bytes = b"",
         declared: int | None = None) -> Entry:  # fmt: skip
    """An entry that inflates to `prefix`, then `fill` repeated to about `megabytes` MB, from
    about a thousandth of that; its directory declares its true size, or `declared`."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH)
    unit = fill * (MB // len(fill))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A fully flushed block refers to nothing before it, so repeating it repeats its output.
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    data = start + block * megabytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    size = len(prefix) + megabytes * len(unit)
    return Entry(name, data, size if declared is None else declared)


def zip_bytes(entries: Iterable[Entry]) -> bytes:
    """A zip archive of these entries, deflated, directory as declared."""
    out, directory = io.BytesIO(), []
    for item in entries:
        name, offset = item.name.encode(), out.tell()
        sizes = (item.crc, len(item.deflated), item.size, len(name))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, *sizes, 0) + name)
        out.write(item.deflated)
        central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, *sizes,
                              0, 0, 0, 0, 0, offset)  # fmt: skip
        directory.append(central + name)
    start, body = out.tell(), b"".join(directory)
    out.write(body)
    count = len(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(body), start, 0))
    return out.getvalue()


def workbook_entries(dataset: Dataset) -> list[Entry]:
    """The entries of the workbook write_dataset writes for the dataset, honest."""
    import zipfile

    with TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        write_dataset(dataset, path)
        with zipfile.ZipFile(path) as archive:
            return [entry(name, archive.read(name)) for name in archive.namelist()]


def hostile_workbook(dataset: Dataset, *changes: Entry) -> bytes:
    """The dataset's workbook with entries replaced (same name) or added."""
    entries = {item.name: item for item in workbook_entries(dataset)}
    entries.update({item.name: item for item in changes})
    return zip_bytes(entries.values())


def sheet(rows: bytes, *, before: bytes = b"", dimension: bytes = b"A1") -> bytes:
    """A worksheet part with these rows (as XML), after an optional prolog."""
    return (
        before + b'<worksheet xmlns="' + MAIN + b'"><dimension ref="' + dimension + b'"/>'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def wide_row(columns: int) -> bytes:
    """One row of `columns` cells without references, as openpyxl counts them."""
    return b'<row r="1">' + b"<c><v>1</v></c>" * columns + b"</row>"
