"""Charts of the quarterly inspection report, as inline SVG strings.

The same markup goes into the HTML page and, through WeasyPrint, into the PDF: no script, no
external resource, no chart library. Every chart is 640 px wide (170 mm on A4 portrait at
96 dpi), uses fonts of at least 9 px and reads printed in black and white: values are printed
next to bars, the segments of stacked bars differ in pattern as well as colour, and the lines of
a trend chart differ in dash and marker. ElementTree escapes every text, and the same input
always gives the same string.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
FONT_FAMILY = "Liberation Sans, DejaVu Sans, sans-serif"
TEXT = "#212121"
MUTED = "#555555"
GRID = "#c8c8c8"

_PAD = 8
_TITLE_SIZE = 13
_LABEL_SIZE = 11
_SMALL_SIZE = 10
_LINE_HEIGHT = 13
_LABEL_WIDTH = 200
_GAP = 8
_VALUE_WIDTH = 64
_BAR_HEIGHT = 14
_ROW_HEIGHT = 24
_LEGEND_LABEL_WIDTH = 280
_PLOT_HEIGHT = 180

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NARROW = frozenset(" !'(),./:;I[]fijlrt|")
_WIDE = frozenset("%@MWmw")


@dataclass(frozen=True)
class _Fill:
    """How a stacked-bar segment is painted: a colour, and optionally lines over it."""

    colour: str
    ink: str = ""
    lines: tuple[str, ...] = ()


# Stacked segments take these in legend order: solid dark, light hatched, red cross-hatched,
# light dotted, white with vertical lines, mid grey.
_FILLS = (
    _Fill("#1b5e20"),
    _Fill("#c8e6c9", "#1b5e20", ("M0,6 L6,0", "M-1,1 L1,-1", "M5,7 L7,5")),
    _Fill("#ef9a9a", "#7f0000", ("M0,0 L6,6", "M0,6 L6,0")),
    _Fill("#eeeeee", "#424242", ("M1.5,1.5 h1 v1 h-1 z", "M4.5,4.5 h1 v1 h-1 z")),
    _Fill("#ffffff", "#616161", ("M3,0 V6",)),
    _Fill("#9e9e9e"),
)


@dataclass(frozen=True)
class _Line:
    """How a trend series is drawn: colour, dash pattern (empty: solid) and marker."""

    colour: str
    dash: str
    shape: str
    hollow: bool = False


# Trend series take these in order.
_SERIES = (
    _Line("#1f4e79", "", "circle"),
    _Line("#c62828", "7 3", "square"),
    _Line("#2e7d32", "2 2.5", "triangle"),
    _Line("#6a1b9a", "9 3 2 3", "diamond"),
    _Line("#ef6c00", "4 4", "circle", hollow=True),
    _Line("#00838f", "12 4", "square", hollow=True),
    _Line("#5d4037", "1 3", "triangle", hollow=True),
    _Line("#424242", "6 2 1 2 1 2", "diamond", hollow=True),
)


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    value_text: Callable[[float], str],
    max_value: float = 1.0,
    note_missing: str = "—",
) -> str:
    """Horizontal bars, one row per label in the given order, each value printed after its bar.

    A value of ``None`` gets no bar but ``note_missing``; values are drawn clamped to
    ``0..max_value``, whose quarters are grid lines labelled with ``value_text`` below the bars.
    """
    _check_max(max_value)
    root = _svg(title)
    y = _heading(root, title)
    left = _PAD + _LABEL_WIDTH + _GAP
    span = WIDTH - _PAD - _VALUE_WIDTH - left
    grid = _el(root, "g", class_="grid", stroke=GRID, stroke_width=1)
    top = y
    for label, value in rows:
        lines = _fit_lines(label, _LABEL_WIDTH, _LABEL_SIZE, 2)
        height = max(_ROW_HEIGHT, len(lines) * _LINE_HEIGHT + 8)
        middle = y + height / 2
        row = _el(root, "g", class_="row")
        _el(row, "title", label)
        _label(row, lines, left - _GAP, middle)
        if value is None:
            _text(row, left + 4, _baseline(middle), note_missing, class_="missing", fill=MUTED)
        else:
            width = span * _ratio(value, max_value)
            _el(
                row,
                "rect",
                class_="bar",
                x=left,
                y=middle - _BAR_HEIGHT / 2,
                width=width,
                height=_BAR_HEIGHT,
                fill="#4f6d8f",
                stroke="#1f3550",
                stroke_width=0.8,
            )
            _text(row, left + width + 4, _baseline(middle), value_text(value), class_="value")
        y += height
    for i in range(5):
        x = left + span * i / 4
        _el(grid, "line", x1=x, y1=top, x2=x, y2=y)
        _text(
            root,
            x,
            y + 13,
            value_text(max_value * i / 4),
            size=_SMALL_SIZE,
            anchor="middle",
            class_="tick",
            fill=MUTED,
        )
    return _finish(root, y + 13 + _PAD)


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    *,
    title: str,
    legend: Sequence[tuple[str, str]],
) -> str:
    """Rows of 100 % bars split into counted segments, with a legend of keys to labels above.

    Segments are drawn in the row's order, painted after their key's place in ``legend`` (see
    ``_FILLS``); empty segments are left out, and a count is printed inside its segment when it
    fits. A row whose counts are all zero is an empty frame.
    """
    keys = [key for key, _ in legend]
    if len(set(keys)) != len(keys) or not 0 < len(keys) <= len(_FILLS):
        raise ValueError(f"legend needs 1 to {len(_FILLS)} distinct keys, got {keys!r}")
    prefix = "c" + hashlib.sha256(repr((title, rows, legend)).encode()).hexdigest()[:10]
    root = _svg(title)
    defs = _el(root, "defs")
    names = dict(legend)
    paints = {key: _paint(defs, f"{prefix}-{i}", _FILLS[i]) for i, key in enumerate(keys)}
    y = _legend(root, [(paints[key], label) for key, label in legend], _heading(root, title))
    left = _PAD + _LABEL_WIDTH + _GAP
    span = WIDTH - _PAD - left
    for label, segments in rows:
        for key, count in segments:
            if key not in paints or count < 0:
                raise ValueError(f"bad segment {key!r}: {count!r} in row {label!r}")
        lines = _fit_lines(label, _LABEL_WIDTH, _LABEL_SIZE, 2)
        height = max(_ROW_HEIGHT, len(lines) * _LINE_HEIGHT + 8)
        middle = y + height / 2
        bar_top = middle - _BAR_HEIGHT / 2
        row = _el(root, "g", class_="row")
        _el(row, "title", label)
        _label(row, lines, left - _GAP, middle)
        total = sum(count for _, count in segments)
        done = 0
        for key, count in segments:
            if not count:
                continue
            start = round(left + span * done / total, 1)
            done += count
            width = round(left + span * done / total, 1) - start
            segment = _el(row, "g", class_="segment")
            _el(segment, "title", f"{names[key]}: {count}")
            _el(
                segment,
                "rect",
                x=start,
                y=bar_top,
                width=width,
                height=_BAR_HEIGHT,
                fill=paints[key],
                stroke="#ffffff",
                stroke_width=1,
            )
            box = _text_width(str(count), _SMALL_SIZE) + 6
            if width >= box + 4:
                _el(
                    segment,
                    "rect",
                    x=start + (width - box) / 2,
                    y=middle - 6.5,
                    width=box,
                    height=13,
                    rx=2,
                    fill="#ffffff",
                )
                _text(
                    segment,
                    start + width / 2,
                    middle + 3.5,
                    str(count),
                    size=_SMALL_SIZE,
                    anchor="middle",
                    class_="count",
                )
        _el(
            row,
            "rect",
            class_="frame",
            x=left,
            y=bar_top,
            width=span,
            height=_BAR_HEIGHT,
            fill="none",
            stroke="#757575",
            stroke_width=0.8,
        )
        y += height
    return _finish(root, y + _PAD)


def trend_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    value_text: Callable[[float], str],
    max_value: float = 1.0,
) -> str:
    """Lines over the periods in ``labels``, one per series, with a legend below the plot.

    Each series has its own colour, dash pattern and marker; ``None`` leaves a gap (a point
    alone is a marker only). The y axis runs ``0..max_value`` with quarter grid lines labelled
    with ``value_text``; values are drawn clamped to it.
    """
    _check_max(max_value)
    if not labels or not 0 < len(series) <= len(_SERIES):
        raise ValueError(f"need periods and 1 to {len(_SERIES)} series")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} periods")
    root = _svg(title)
    top = _heading(root, title) + 6
    ticks = [value_text(max_value * i / 4) for i in range(5)]
    left = _PAD + max(_text_width(tick, _SMALL_SIZE) for tick in ticks) + 6
    right = WIDTH - _PAD - 4
    bottom = top + _PLOT_HEIGHT
    step = (right - left) / len(labels)
    grid = _el(root, "g", class_="grid", stroke=GRID, stroke_width=1)
    for i, tick in enumerate(ticks):
        y = bottom - _PLOT_HEIGHT * i / 4
        _el(grid, "line", x1=left, y1=y, x2=right, y2=y)
        _text(
            root, left - 6, y + 3.5, tick, size=_SMALL_SIZE, anchor="end", class_="tick", fill=MUTED
        )
    _el(root, "line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=TEXT, stroke_width=1)
    for i, label in enumerate(labels):
        text = _fit_lines(label, step - 4, _SMALL_SIZE, 1)[0]
        _text(
            root,
            left + step * (i + 0.5),
            bottom + 14,
            text,
            size=_SMALL_SIZE,
            anchor="middle",
            class_="period",
        )
    entries = []
    for (name, values), style in zip(series, _SERIES, strict=False):
        group = _el(root, "g", class_="series")
        _el(group, "title", name)
        points = [
            None
            if value is None
            else (left + step * (i + 0.5), bottom - _PLOT_HEIGHT * _ratio(value, max_value))
            for i, value in enumerate(values)
        ]
        run: list[tuple[float, float]] = []
        for point in [*points, None]:
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                _el(
                    group,
                    "polyline",
                    class_="line",
                    fill="none",
                    stroke=style.colour,
                    stroke_width=2,
                    stroke_dasharray=style.dash or None,
                    points=" ".join(f"{_n(x)},{_n(y)}" for x, y in run),
                )
            run = []
        for point, label, value in zip(points, labels, values, strict=True):
            if point is not None and value is not None:
                marker = _marker(group, *point, style)
                _el(marker, "title", f"{name} · {label}: {value_text(value)}")
        entries.append((style, name))
    y = _series_legend(root, entries, bottom + 26)
    return _finish(root, y + _PAD)


def _svg(title: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "",
            "width": str(WIDTH),
            "height": "",
            "role": "img",
            "aria-label": _clean(title),
            "font-family": FONT_FAMILY,
            "font-size": str(_LABEL_SIZE),
            "fill": TEXT,
        },
    )
    _el(root, "title", title)
    return root


def _finish(root: ET.Element, height: float) -> str:
    root.set("viewBox", f"0 0 {WIDTH} {_n(height)}")
    root.set("height", _n(height))
    return ET.tostring(root, encoding="unicode")


def _heading(root: ET.Element, title: str) -> float:
    """Draw the visible title (at most two lines) and return the y below it."""
    y = _PAD
    for line in _fit_lines(title, WIDTH - 2 * _PAD, _TITLE_SIZE, 2):
        y += _TITLE_SIZE + 3
        _text(root, _PAD, y - 3, line, size=_TITLE_SIZE, font_weight="bold", class_="heading")
    return y + 8


def _legend(root: ET.Element, entries: Sequence[tuple[str, str]], y: float) -> float:
    """Draw swatches and labels in wrapped rows; return the y below them."""
    group = _el(root, "g", class_="legend")
    x = _PAD
    for paint, label in entries:
        text = _fit_lines(label, _LEGEND_LABEL_WIDTH, _LABEL_SIZE, 1)[0]
        width = 18 + _text_width(text, _LABEL_SIZE) + 16
        if x > _PAD and x + width > WIDTH - _PAD:
            x, y = _PAD, y + 18
        entry = _el(group, "g", class_="entry")
        _el(entry, "title", label)
        _el(
            entry,
            "rect",
            x=x,
            y=y,
            width=12,
            height=12,
            fill=paint,
            stroke="#424242",
            stroke_width=0.8,
        )
        _text(entry, x + 18, y + 10, text)
        x += width
    return y + 12 + 10


def _series_legend(root: ET.Element, entries: Sequence[tuple[_Line, str]], y: float) -> float:
    """Draw line samples and labels in columns; return the y below them."""
    group = _el(root, "g", class_="legend")
    texts = [_fit_lines(name, _LEGEND_LABEL_WIDTH, _LABEL_SIZE, 1)[0] for _, name in entries]
    column = 44 + max(_text_width(text, _LABEL_SIZE) for text in texts)
    columns = max(1, min(4, int((WIDTH - 2 * _PAD) // column)))
    column = (WIDTH - 2 * _PAD) / columns
    for i, ((style, name), text) in enumerate(zip(entries, texts, strict=True)):
        x = _PAD + column * (i % columns)
        middle = y + 18 * (i // columns) + 6
        entry = _el(group, "g", class_="entry")
        _el(entry, "title", name)
        _el(
            entry,
            "line",
            x1=x,
            y1=middle,
            x2=x + 32,
            y2=middle,
            stroke=style.colour,
            stroke_width=2,
            stroke_dasharray=style.dash or None,
        )
        _marker(entry, x + 16, middle, style)
        _text(entry, x + 40, middle + 4, text)
    return y + 18 * ((len(entries) - 1) // columns) + 12


def _marker(parent: ET.Element, x: float, y: float, style: _Line) -> ET.Element:
    paint = {
        "fill": "#ffffff" if style.hollow else style.colour,
        "stroke": style.colour,
        "stroke_width": 1.5,
    }
    if style.shape == "circle":
        return _el(parent, "circle", class_="point", cx=x, cy=y, r=3.5, **paint)
    if style.shape == "square":
        return _el(
            parent, "rect", class_="point", x=x - 3.2, y=y - 3.2, width=6.4, height=6.4, **paint
        )
    corners = (
        [(x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y)]
        if style.shape == "diamond"
        else [(x, y - 4.4), (x + 4.2, y + 3), (x - 4.2, y + 3)]
    )
    return _el(
        parent,
        "polygon",
        class_="point",
        points=" ".join(f"{_n(px)},{_n(py)}" for px, py in corners),
        **paint,
    )


def _paint(defs: ET.Element, pattern_id: str, fill: _Fill) -> str:
    """Return the ``fill`` value for a segment style, defining its pattern if it has one."""
    if not fill.lines:
        return fill.colour
    pattern = _el(defs, "pattern", id=pattern_id, patternUnits="userSpaceOnUse", width=6, height=6)
    _el(pattern, "rect", width=6, height=6, fill=fill.colour)
    for line in fill.lines:
        _el(pattern, "path", d=line, fill=fill.ink, stroke=fill.ink, stroke_width=1.2)
    return f"url(#{pattern_id})"


def _label(parent: ET.Element, lines: Sequence[str], right: float, middle: float) -> None:
    first = middle - (len(lines) - 1) * _LINE_HEIGHT / 2
    for i, line in enumerate(lines):
        _text(
            parent, right, _baseline(first + i * _LINE_HEIGHT), line, anchor="end", class_="label"
        )


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    text: str,
    *,
    size: int = _LABEL_SIZE,
    anchor: str | None = None,
    **attrs: str,
) -> ET.Element:
    font_size = None if size == _LABEL_SIZE else size
    return _el(parent, "text", text, x=x, y=y, font_size=font_size, text_anchor=anchor, **attrs)


def _el(
    parent: ET.Element, tag: str, text: str | None = None, /, **attrs: str | float | None
) -> ET.Element:
    """Add a child element; ``class_`` and ``font_size`` name ``class`` and ``font-size``."""
    element = ET.SubElement(
        parent,
        tag,
        {
            name.rstrip("_").replace("_", "-"): value if isinstance(value, str) else _n(value)
            for name, value in attrs.items()
            if value is not None
        },
    )
    if text is not None:
        element.text = _clean(text)
    return element


def _fit_lines(text: str, width: float, size: int, max_lines: int) -> list[str]:
    """Wrap ``text`` at word breaks into at most ``max_lines`` lines, shortening with "…"."""
    lines: list[str] = []
    for word in _clean(text).split():
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines[max_lines - 1 :] = [" ".join(lines[max_lines - 1 :])]
    return [_shorten(line, width, size) for line in lines] or [""]


def _shorten(line: str, width: float, size: int) -> str:
    if _text_width(line, size) <= width:
        return line
    while line and _text_width(line + "…", size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _text_width(text: str, size: float) -> float:
    """Estimate the width of ``text`` in Liberation Sans (Arial metrics) at ``size`` px."""
    em = 0.0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            continue
        if char in _NARROW:
            em += 0.28
        elif char in _WIDE:
            em += 0.86
        elif char.isupper():
            em += 0.7
        else:
            em += 0.56
    return em * size


def _clean(text: str) -> str:
    """Drop what XML cannot carry and fold whitespace, so any label serialises well-formed."""
    return " ".join(_CONTROL.sub("", str(text)).split())


def _baseline(middle: float) -> float:
    """The baseline that centres a label-sized text line on ``middle``."""
    return middle + _LABEL_SIZE * 0.35


def _ratio(value: float, max_value: float) -> float:
    return min(max(value / max_value, 0.0), 1.0)


def _check_max(max_value: float) -> None:
    if not max_value > 0:
        raise ValueError(f"max_value must be positive, got {max_value!r}")


def _n(value: float) -> str:
    """Format a coordinate with at most one decimal, the same way every time."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
