"""Dates, times and numbers as Vietnamese (or English) documents write them.

Times are shown in Vietnam's time zone (UTC+7), never as raw UTC. A Vietnamese administrative
date reads "ngày 05 tháng 01 năm 2027" (days below 10 and months 1–2 with a leading zero, as
Nghị định 30/2020/NĐ-CP asks); numbers use the comma as decimal separator.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def local_time(moment: str) -> datetime:
    """An ISO timestamp from the store in Vietnam's time zone."""
    return datetime.fromisoformat(moment).astimezone(VIETNAM)


def long_date(day: date, lang: str) -> str:
    if lang == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return format_date(day, "long", locale="en")


def short_date(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def timestamp(moment: str | None, lang: str) -> str:
    """A stored timestamp as a reader would write it, in Vietnam's time zone."""
    if not moment:
        return "—"
    local = local_time(moment)
    if lang == "vi":
        return f"{local:%H:%M} ngày {local:%d/%m/%Y}"
    return f"{local:%Y-%m-%d %H:%M} (UTC+7)"


def percent(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return format_percent(value, "#,##0.0%", locale=lang)


def points(value: float | None, lang: str) -> str:
    """A change of a share in percentage points, with its sign."""
    if value is None:
        return "—"
    shown = format_decimal(abs(value) * 100, "#,##0.0", locale=lang)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{shown}"


def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def period_name(label: str, lang: str) -> str:
    """``2026-Q4`` as "quý IV/2026" or "Q4 2026"; ``2026-11`` as "tháng 11/2026"."""
    year, _, part = label.partition("-")
    if part.startswith("Q"):
        n = int(part[1:])
        return f"quý {ROMAN[n]}/{year}" if lang == "vi" else f"Q{n} {year}"
    return f"tháng {int(part)}/{year}" if lang == "vi" else f"{year}-{part}"
