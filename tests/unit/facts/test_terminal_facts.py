"""Parsers of the terminal-data collectors: counts only, never identity numbers."""

from pathlib import Path

import pytest

from auditor.facts.base import FactError, Raw
from auditor.facts.terminal import parse_browser_logins, parse_citizen_data_files

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


def test_citizen_files():
    found = parse_citizen_data_files(recorded("citizen_data_files/debian12_terminal.txt"))
    assert found.unzip and found.complete
    csv = found.files[0]
    assert (csv.numbers, csv.sample, csv.name_match) == (2, "001*******45", False)
    png = next(f for f in found.files if f.path.endswith(".png"))
    assert png.name_match and png.numbers is None
    schema = next(f for f in found.files if f.path.endswith(".json"))
    assert not schema.name_match and schema.numbers == 0
    with pytest.raises(FactError):
        parse_citizen_data_files(Raw(""))


def test_browser_logins():
    found = parse_browser_logins(recorded("browser_logins/debian12_terminal.txt"))
    assert found.sqlite3
    assert [(s.browser, s.logins) for s in found.stores] == [
        ("chromium", 0),
        ("chromium", 2),
        ("firefox", 2),
    ]
    found = parse_browser_logins(recorded("browser_logins/no_sqlite3.txt"))
    assert found.stores[0].logins is None
