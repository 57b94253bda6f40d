"""Bombs against the default bounds: each file is tiny on disk, and refused in little memory
with a message naming the file, the bound and its variable; and quickly (a timing check, run by
`make bench`).

Each read runs in its own process, so that its peak memory is its own: the process's peak
resident size is reset after the imports (Linux's /proc/self/clear_refs) and read after the read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import DTDForbidden, EntitiesForbidden

from tests.support.factory import small_dataset
from tests.support.hostile import (
    BILLION_LAUGHS,
    MAIN,
    PEOPLE_SHEET,
    bomb,
    entry,
    hostile_workbook,
    sheet,
    wide_row,
)

PROJECT = Path(__file__).resolve().parents[3]
# Generous: a refusal takes well under a second and a few megabytes on a quiet machine.
MAX_SECONDS, MAX_GROWTH_MB = 10, 200
READ = """
import json, sys, time
from pathlib import Path
import openpyxl  # imported before the baseline: the cost of the code is not the file's
from services.exchange.reading import read_dataset

def kilobytes(field):
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))

Path("/proc/self/clear_refs").write_text("5")  # the peak so far becomes the present size
before = kilobytes("VmRSS")
started = time.perf_counter()
_, problems = read_dataset(Path(sys.argv[1]))
seconds = time.perf_counter() - started
grown = kilobytes("VmHWM") - before
messages = [p.message(lang) for p in problems for lang in ("zh", "en")]
print(json.dumps({"seconds": seconds, "grown_mb": grown / 1024, "messages": messages}))
"""
SHEET_START = b'<worksheet xmlns="' + MAIN + b'"><sheetData>'


def read_apart(path: Path) -> dict[str, Any]:
    """Reads a dataset in a fresh process; returns its time, memory growth and messages."""
    done = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True,
                          text=True, cwd=PROJECT, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


BOMBS = {
    # 2.1 GB of zeros in 2 MB, its size declared: refused from the zip directory alone.
    "zip bomb": (bomb("xl/media/image1.png", 2100), ["解压后的内容过大，超过上限 2,048 MB",
                 "unpacks to too much data, over the limit of 2,048 MB "
                 "(COVERGRAPH_IMPORT_MAX_UNPACKED_MB)"]),
    # A sheet of 1 GB of white space whose directory claims 5,000 bytes: refused while inflating.
    "xlsx bomb": (bomb(PEOPLE_SHEET, 1000, fill=b" ", prefix=SHEET_START, declared=5000),
                  [f"{PEOPLE_SHEET} 解压后大于压缩目录声明的 5,000 字节",
                   "unpacks to more than the 5,000 bytes its zip directory declares"]),
    # A sheet of a million one-cell rows, honest, under the size bound: stopped at Excel's rows.
    "rows bomb": (bomb(PEOPLE_SHEET, 60, fill=b"<row><c><v>1</v></c></row>", prefix=SHEET_START),
                  ["工作表“people”行数过多，超过上限 1,048,576（环境变量 "
                   "COVERGRAPH_IMPORT_MAX_ROWS）",
                   'sheet "people" has too many rows, over the limit of 1,048,576']),
    "billion laughs in sharedStrings": (
        entry("xl/sharedStrings.xml", BILLION_LAUGHS + b'<sst xmlns="' + MAIN + b'"><si><t>'
              b"&lol9;</t></si></sst>"),
        ["xl/sharedStrings.xml 声明了 DTD 或 XML 实体，不予读取",
         "its entry xl/sharedStrings.xml declares a DTD or XML entities, which are refused"]),
    "billion laughs in a sheet": (
        entry(PEOPLE_SHEET, sheet(b'<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                                  before=BILLION_LAUGHS)),
        [f"its entry {PEOPLE_SHEET} declares a DTD or XML entities"]),
    "a million columns": (
        entry(PEOPLE_SHEET, sheet(wide_row(10**6), dimension=b"A1:BDWGN1")),
        ["工作表“people”列数过多，超过上限 1,000（环境变量 COVERGRAPH_IMPORT_MAX_COLUMNS）",
         'sheet "people" has too many columns, over the limit of 1,000 '
         "(COVERGRAPH_IMPORT_MAX_COLUMNS)"]),
}  # fmt: skip


def read_bomb(harm: str, tmp_path: Path) -> dict[str, Any]:
    """Writes the small dataset's workbook with one bomb in it, and reads it apart."""
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(hostile_workbook(small_dataset(), BOMBS[harm][0]))
    assert path.stat().st_size < 3 * 2**20  # tiny on disk
    return read_apart(path)


def read_wide_csv(tmp_path: Path) -> dict[str, Any]:
    """Reads apart a CSV folder whose one row has a million columns."""
    (tmp_path / "people.csv").write_text("id,name,home_id\n" + "," * 10**6 + "\n")
    return read_apart(tmp_path)


@pytest.mark.parametrize("harm", list(BOMBS))
def test_a_bomb_is_refused_in_little_memory(harm: str, tmp_path: Path) -> None:
    expected = BOMBS[harm][1]
    result = read_bomb(harm, tmp_path)
    assert len(result["messages"]) == 2, result  # one problem, in Chinese and in English
    zh, en = result["messages"]
    assert zh.startswith("ledger.xlsx：")
    assert en.startswith("ledger.xlsx: ")
    assert all(text in zh + en for text in expected), result["messages"]
    assert result["grown_mb"] < MAX_GROWTH_MB, result


def test_a_csv_row_of_a_million_columns_is_refused(tmp_path: Path) -> None:
    result = read_wide_csv(tmp_path)
    assert result["messages"][1] == (
        "people.csv row 2: has too many columns, over the limit of 1,000 "
        "(COVERGRAPH_IMPORT_MAX_COLUMNS)"
    )
    assert result["grown_mb"] < MAX_GROWTH_MB, result


@pytest.mark.timing
@pytest.mark.parametrize("harm", list(BOMBS))
def test_a_bomb_is_refused_quickly(harm: str, tmp_path: Path) -> None:
    result = read_bomb(harm, tmp_path)
    assert len(result["messages"]) == 2, result
    assert result["seconds"] < MAX_SECONDS, result


@pytest.mark.timing
def test_a_csv_row_of_a_million_columns_is_refused_quickly(tmp_path: Path) -> None:
    result = read_wide_csv(tmp_path)
    assert len(result["messages"]) == 2, result
    assert result["seconds"] < MAX_SECONDS, result


def test_openpyxl_itself_refuses_entities_through_defusedxml(tmp_path: Path) -> None:
    # The bounds check refuses a DTD first; openpyxl would refuse it too.
    assert openpyxl.DEFUSEDXML is True
    path = tmp_path / "laughs.xlsx"
    row = b'<row><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    laughs = entry(PEOPLE_SHEET, sheet(row, before=BILLION_LAUGHS))
    path.write_bytes(hostile_workbook(small_dataset(), laughs))
    with pytest.raises(ValueError, match="Unable to read workbook") as raised:
        openpyxl.load_workbook(path, read_only=True)
    assert isinstance(raised.value.__cause__, EntitiesForbidden | DTDForbidden)
