"""Personal data (phone 联系电话, id_number 身份证号): checked on import, masked in the API
unless the token is an admin's, kept out of exports unless asked for, never printed."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from domain.problems import DatasetError
from services.exchange.exporter import read_graph
from services.exchange.validation import check
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset, table_rows
from tests.support.graph import load_fresh
from tests.support.serving import Server

PHONE, ID_NUMBER = "13812345678", "11010519491231002X"
PERSON = '{ person(id: "P2") { phone idNumber } }'


def personal_dataset() -> Dataset:
    """The small dataset with personal data on two people."""
    dataset = small_dataset()
    for row in dataset.rows("people"):
        if row["id"] == "P2":
            row.values.update(phone=PHONE, id_number=ID_NUMBER)
        if row["id"] == "P3":
            row.values.update(phone="+86 139-0000-1111")
        if row["id"] == "P1":  # the county secretary, above township T1
            row.values.update(phone="13900001234")
    return dataset


def covergraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the command line against the test database."""
    command = [sys.executable, "-m", "api.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def loaded(session_graph: tuple[Driver, str]) -> dict[str, str]:
    """The dataset loaded, with one token per role."""
    driver, database = session_graph
    load_fresh(driver, database, personal_dataset())
    tokens = {
        role: issue_token(driver=driver, database=database, role=role)[1]
        for role in ("admin", "editor", "viewer")
    }
    scoped = issue_token(driver=driver, database=database, role="admin", scope_id="T1")
    return tokens | {"township admin": scoped[1]}


def test_a_scoped_admin_sees_personal_data_of_its_scope_only(
    api_server: Server, loaded: dict[str, str]
) -> None:
    # whoCovers of a village branch lists the county secretary above the township: the
    # township's admin sees who answers for the branch, but not their phone number.
    query = '{ whoCovers(organisationId: "B1", asOf: "2024-06-01") { person { id phone } } }'
    phones = {
        entry["person"]["id"]: entry["person"]["phone"]
        for entry in api_server.data(query, loaded["township admin"])["whoCovers"]
    }
    assert phones["P1"] == "139****1234"
    assert phones["P2"] == PHONE  # inside the township: in full, as for any admin
    unscoped = api_server.data(query, loaded["admin"])["whoCovers"]
    assert {e["person"]["phone"] for e in unscoped if e["person"]["id"] == "P1"} == {"13900001234"}


def test_only_admins_see_personal_data_in_full(api_server: Server, loaded: dict[str, str]) -> None:
    assert api_server.data(PERSON, loaded["admin"]) == {
        "person": {"phone": PHONE, "idNumber": ID_NUMBER}
    }
    masked = {"person": {"phone": "138****5678", "idNumber": "110***********002X"}}
    assert api_server.data(PERSON, loaded["editor"]) == masked
    assert api_server.data(PERSON, loaded["viewer"]) == masked


def test_bad_values_are_reported_with_where_they_are(tmp_path: Path) -> None:
    dataset = personal_dataset()
    write_dataset(dataset, tmp_path, lang="zh", personal=True)
    people = tmp_path / "人员.csv"
    text = people.read_text(encoding="utf-8-sig")
    people.write_text(text.replace(PHONE, "138abc").replace(ID_NUMBER, "12345"), "utf-8-sig")
    with pytest.raises(DatasetError) as raised:
        check(tmp_path)
    found = {(p.source, p.column, p.value, p.code) for p in raised.value.problems}
    assert ("人员.csv", "联系电话", "138abc", "bad_phone") in found
    assert ("人员.csv", "身份证号", "12345", "bad_id_number") in found
    assert "联系电话" in raised.value.report("zh")


def test_export_leaves_personal_columns_out_unless_asked(
    loaded: dict[str, str], session_graph: tuple[Driver, str], tmp_path: Path
) -> None:
    plain, full = tmp_path / "plain", tmp_path / "full"
    outputs = [covergraph("export", str(plain)), covergraph("export", str(full),
                                                            "--with-personal-data")]  # fmt: skip
    assert all(done.returncode == 0 for done in outputs), outputs
    with (plain / "people.csv").open(encoding="utf-8-sig") as handle:
        assert "phone" not in next(csv.reader(handle))
    assert PHONE not in (plain / "people.csv").read_text(encoding="utf-8-sig")
    with (full / "people.csv").open(encoding="utf-8-sig") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert (rows["P2"]["phone"], rows["P2"]["id_number"]) == (PHONE, ID_NUMBER)
    driver, database = session_graph
    before = read_graph(driver=driver, database=database)
    # Loading the export without personal columns keeps what is stored: nothing is lost.
    outputs += [covergraph("load", str(plain)), covergraph("load", str(full))]
    assert all(done.returncode == 0 for done in outputs[2:]), outputs
    after = read_graph(driver=driver, database=database)
    assert table_rows(after) == table_rows(before)
    for done in outputs:  # never printed, whatever the command
        assert PHONE not in done.stdout + done.stderr
        assert ID_NUMBER not in done.stdout + done.stderr
