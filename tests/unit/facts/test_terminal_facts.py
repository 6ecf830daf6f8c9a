"""Parser of the browser-logins collector: counts only, never credentials."""

from pathlib import Path

from auditor.facts.base import Raw
from auditor.facts.browser_logins import parse_browser_logins

DATA = Path(__file__).resolve().parents[2] / "data" / "facts"


def recorded(name: str) -> Raw:
    return Raw((DATA / name).read_text(encoding="utf-8"))


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
