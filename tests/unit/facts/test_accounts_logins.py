"""Parser of the last_logins collector."""

from datetime import UTC, datetime
from pathlib import Path

from auditor.facts.base import Raw
from auditor.facts.last_logins import parse_last_logins

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "last_logins"


def load(name: str):
    return parse_last_logins(Raw((DATA / name).read_text(encoding="utf-8")))


def stamp(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_lastlog_and_wtmp_latest_wins():
    logins = load("debian12.txt")
    assert logins.sources == ("lastlog", "wtmp")
    assert logins.of("nguyenvana") == stamp("2025-11-20T09:15:40+07:00")  # wtmp is newer
    assert logins.of("tranthib") == stamp("2025-08-14T09:12:45+07:00")
    assert logins.of("olduser") is None
    assert logins.lines["tranthib"].startswith("lastlog: tranthib tty1 Thu Aug 14")


def test_lastlog2_wtmpdb_and_rhel():
    assert load("debian13_lastlog2.txt").sources == ("lastlog2", "wtmpdb")
    rhel = load("rhel9.txt")
    assert rhel.of("root") == stamp("2025-11-19T10:22:31+07:00")


def test_old_last_without_zone_is_utc():
    raw = Raw(
        "\036SEC wtmp\nbob      pts/0        10.0.0.2         Fri Nov 21 08:01:55 2025 - "
        "Fri Nov 21 09:00:00 2025  (00:58)\n\nwtmp begins Sat Nov  1 00:00:01 2025\n"
    )
    logins = parse_last_logins(raw)
    assert logins.of("bob") == int(datetime(2025, 11, 21, 8, 1, 55, tzinfo=UTC).timestamp())
    assert logins.of("wtmp") is None


def test_no_records():
    assert parse_last_logins(Raw("")).sources == ()
