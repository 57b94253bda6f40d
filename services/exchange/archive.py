"""Bounds a zip archive (an .xlsx workbook, or any uploaded zip) before anything unpacks it.

zipfile and openpyxl trust what an archive says about itself. A file of a few kilobytes can
declare or hold gigabytes (a zip bomb), hold thousands of entries or archives inside it, or
carry XML whose entities expand without end. bounded_archive_check reads the zip directory
first, then inflates every entry itself, a chunk at a time, counting the bytes that really come
out, so a directory that understates a size does not help; each XML part streams through a
parser that refuses any DTD and counts sheets, rows and cells as openpyxl would see them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import nullcontext
from itertools import chain
from pathlib import Path
from typing import IO

from domain.problems import Problem
from services.exchange.import_limits import ImportLimits, LimitExceeded, import_limits, megabytes
from services.exchange.sheet_scan import SheetScan, Workbook

CHUNK = 64 * 1024
# A central directory entry takes about 100 bytes; this leaves room for long names and extras.
DIRECTORY_BYTES_PER_ENTRY = 1024
# The first bytes of zip, gzip, bzip2, xz, 7z, RAR and zstd data.
ARCHIVE_MAGIC = (
    *(b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00"),
    *(b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd"),
)
ARCHIVE_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".docx", ".pptx",
                    ".jar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst")  # fmt: skip
_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header
Source = Path | bytes | IO[bytes]


def bounded_archive_check(
    source: Source, *, name: str = "", limits: ImportLimits | None = None
) -> Problem | None:
    """Checks an archive (path, bytes or binary file) against the import bounds without
    unpacking it anywhere; returns the first refusal, naming the file, or None if it is within
    every bound."""
    limits = limits or import_limits()
    label = name or (source.name if isinstance(source, Path) else "upload")
    try:
        with _opened(source) as handle:
            _check(handle, limits)
    except LimitExceeded as refused:
        return Problem(label, 0, "", "", refused.code, refused.params)
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return Problem(label, 0, "", "", "unreadable_file", {"reason": "corrupt", "detail": detail})
    return None


def _opened(source: Source) -> nullcontext[IO[bytes]] | IO[bytes]:
    if isinstance(source, Path):
        return source.open("rb")
    return nullcontext(io.BytesIO(source) if isinstance(source, bytes) else source)


def _check(handle: IO[bytes], limits: ImportLimits) -> None:
    size = handle.seek(0, io.SEEK_END)
    if size > limits.file_bytes:
        raise limits.exceeded("file_too_large", "file_mb", size=megabytes(size))
    entries, directory = _declared_directory(handle, size)
    if entries > limits.entries or directory > limits.entries * DIRECTORY_BYTES_PER_ENTRY:
        raise limits.exceeded("too_many_entries", "entries")  # before zipfile reads it all
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        infos = archive.infolist()
    if len(infos) > limits.entries:
        raise limits.exceeded("too_many_entries", "entries")
    if sum(info.file_size for info in infos) > limits.unpacked_bytes:
        raise limits.exceeded("unpacked_too_large", "unpacked_mb")
    for info in infos:
        _check_entry(info)
    workbook, counter = Workbook(limits), _Counter(limits)
    # Relationships and the workbook part first, so a refusal can name a sheet by its title.
    for info in sorted(infos, key=lambda i: (not i.filename.endswith(".rels"),
                                             not i.filename.endswith("workbook.xml"))):  # fmt: skip
        _scan_entry(handle, info, workbook, counter)


def _declared_directory(handle: IO[bytes], size: int) -> tuple[int, int]:
    """Returns the entries and bytes the end record declares for the central directory; (0, 0)
    when there is none, which zipfile then reports as a damaged file."""
    start = max(0, size - _END.size - 0xFFFF)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return 0, 0
    entries, directory = _END.unpack_from(tail, at)[4:6]
    if entries != 0xFFFF and directory != 0xFFFFFFFF:
        return entries, directory
    locator = tail[at - _END64_LOCATOR.size : at] if at >= _END64_LOCATOR.size else b""
    if len(locator) < _END64_LOCATOR.size or not locator.startswith(b"PK\x06\x07"):
        return entries, directory
    handle.seek(_END64_LOCATOR.unpack(locator)[2])
    record = handle.read(_END64.size)
    if len(record) < _END64.size or not record.startswith(b"PK\x06\x06"):
        return entries, directory
    return _END64.unpack(record)[7:9]


def _check_entry(info: zipfile.ZipInfo) -> None:
    """Refuses an encrypted entry, one compressed other than stored or deflate (bzip2 and lzma
    inflate a whole block at once, however large), and one named like an archive."""
    stored_or_deflated = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    if info.flag_bits & 0x1 or not stored_or_deflated:
        raise LimitExceeded("unsupported_entry", entry=info.filename)
    if info.filename.lower().endswith(ARCHIVE_SUFFIXES):
        raise LimitExceeded("nested_archive", entry=info.filename)


class _Counter:
    """Counts the bytes unpacked so far, against each entry's declared size and the bound."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits, self.total = limits, 0

    def counted(self, info: zipfile.ZipInfo, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """Passes an entry's bytes on, refusing them once they pass either count."""
        seen = 0
        for data in pieces:
            seen += len(data)
            self.total += len(data)
            if seen > info.file_size:
                raise LimitExceeded(
                    "entry_lies", entry=info.filename, declared=f"{info.file_size:,}"
                )
            # Never passed while every entry keeps to its declared size, whose sum was checked;
            # counted anyway, so that the bound holds on what really comes out.
            if self.total > self.limits.unpacked_bytes:
                raise self.limits.exceeded("unpacked_too_large", "unpacked_mb")
            yield data


def _scan_entry(
    handle: IO[bytes], info: zipfile.ZipInfo, workbook: Workbook, counter: _Counter
) -> None:
    """Inflates one entry to its end, counted; an XML part streams through a SheetScan."""
    pieces = counter.counted(info, _inflated(handle, info))
    head = b""
    for data in pieces:  # enough of the start to tell what the entry is
        head += data
        if len(head) >= 16:
            break
    scan = _start_scan(info.filename, head, workbook)
    for data in chain([head], pieces):
        if scan is not None:
            scan.feed(data)
    if scan is not None:
        scan.close()


def _start_scan(entry: str, head: bytes, workbook: Workbook) -> SheetScan | None:
    """Refuses an entry that is itself an archive; returns a scan for an XML part."""
    if head.startswith(ARCHIVE_MAGIC):
        raise LimitExceeded("nested_archive", entry=entry)
    # Any part openpyxl could parse as XML starts with "<" after a byte order mark (UTF-8 or
    # UTF-16) and white space; images and other binary parts do not. White space alone may
    # still be XML, so it is scanned.
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe").lstrip(b" \t\r\n\x00")
    return SheetScan(entry, workbook) if text[:1] in (b"", b"<") else None


def _inflated(handle: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Yields an entry's bytes as they inflate, at most CHUNK at a time, whatever its header
    says about its size; stops at the end of its compressed data."""
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL.size)
    if len(header) < _LOCAL.size or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"no local header for {info.filename!r}")
    name_length, extra_length = _LOCAL.unpack(header)[-2:]
    handle.seek(info.header_offset + _LOCAL.size + name_length + extra_length)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left = info.compress_size
    while left > 0 and not (inflater and inflater.eof):
        raw = handle.read(min(CHUNK, left))
        if not raw:
            raise EOFError(f"{info.filename!r} ends early")
        left -= len(raw)
        if inflater is None:
            yield raw
            continue
        yield inflater.decompress(raw, CHUNK)
        while inflater.unconsumed_tail and not inflater.eof:
            yield inflater.decompress(inflater.unconsumed_tail, CHUNK)
