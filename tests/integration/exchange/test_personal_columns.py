"""A load whose people table lacks the personal columns (a default export) keeps the phone and
id number stored; a column the file has, with an empty cell, clears the stored value."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from domain.dataset import Dataset
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.validation import check
from services.exchange.writing import write_dataset
from tests.support.factory import small_dataset

PHONE, ID_NUMBER = "13812345678", "11010519491231002X"


def _personal(dataset: Dataset) -> dict[str, tuple[object, object]]:
    """Returns each person's (phone, id_number) as the dataset holds them."""
    return {str(r["id"]): (r["phone"], r["id_number"]) for r in dataset.rows("people")}


def _with_phone(dataset: Dataset) -> Dataset:
    """Gives person P2 a phone and an id number."""
    for row in dataset.rows("people"):
        if row["id"] == "P2":
            row.values.update(phone=PHONE, id_number=ID_NUMBER)
    return dataset


def test_a_default_export_loads_back_without_losing_personal_data(
    graph: tuple[Driver, str], tmp_path: Path
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=_with_phone(small_dataset()))
    stored = _personal(read_graph(driver=driver, database=database))
    assert stored["P2"] == (PHONE, ID_NUMBER)

    write_dataset(read_graph(driver=driver, database=database), tmp_path, lang="zh")
    summary = import_dataset(driver=driver, database=database, dataset=check(tmp_path))

    assert summary.tables["people"].deleted == 0
    assert _personal(read_graph(driver=driver, database=database)) == stored


def test_an_empty_personal_cell_clears_the_stored_value(
    graph: tuple[Driver, str], tmp_path: Path
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=_with_phone(small_dataset()))
    cleared = small_dataset()
    for row in cleared.rows("people"):
        row.values.update(phone=None, id_number=None)
    write_dataset(cleared, tmp_path, lang="en", personal=True)

    import_dataset(driver=driver, database=database, dataset=check(tmp_path))

    assert _personal(read_graph(driver=driver, database=database))["P2"] == (None, None)
