import logging
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from auditor.report.charts import WIDTH, bar_chart, stacked_bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> & \"co\" 'x' ]]>"
LEGEND = [
    ("met", "Đạt"),
    ("met_with_waivers", "Đạt (có miễn trừ)"),
    ("not_met", "Không đạt"),
    ("not_assessed", "Chưa đánh giá"),
]
QUARTERS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]


def percent(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def of_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == name]


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def titles(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}title")]


def sample_bar() -> str:
    rows = [("UBND Phường Bến Nghé", 0.875), ("UBND Quận 1", 0.5), ("Sở TT&TT", None)]
    return bar_chart(rows, title="Tỷ lệ đáp ứng", value_text=percent, note_missing="chưa có")


def sample_stacked() -> str:
    rows = [
        (
            "Quản lý truy cập",
            [("met", 6), ("met_with_waivers", 2), ("not_met", 0), ("not_assessed", 2)],
        ),
        ("UBND Phường Bến Nghé", [("met", 1), ("not_met", 3)]),
    ]
    return stacked_bar_chart(rows, title="Yêu cầu theo lĩnh vực", legend=LEGEND)


def sample_trend() -> str:
    series = [
        ("UBND Phường Bến Nghé", [0.5, 0.6, 0.75, 0.875]),
        ("UBND Quận 1", [0.25, None, 0.5, 0.625]),
    ]
    return trend_chart(QUARTERS, series, title="Xu hướng", value_text=percent)


SAMPLES = [sample_bar, sample_stacked, sample_trend]


@pytest.mark.parametrize("make", SAMPLES)
def test_every_chart_is_a_titled_accessible_svg_that_fits_a4(make):
    svg = make()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == root.find(f"{SVG}title").text
    assert root.get("font-family") == "Liberation Sans, DejaVu Sans, sans-serif"
    assert int(root.get("width")) == WIDTH <= 640
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}"


@pytest.mark.parametrize("make", SAMPLES)
def test_every_chart_is_deterministic_with_short_numbers_and_readable_fonts(make):
    svg = make()
    assert make() == svg
    for number in re.findall(r"-?\d+\.\d+", re.sub(r"#[0-9a-f]{6}", "", svg)):
        assert len(number.split(".")[1]) == 1, number
    root = parse(svg)
    default = float(root.get("font-size"))
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size", default)) >= 9
    assert not list(root.iter(f"{SVG}script"))


def test_bar_chart_draws_proportional_bars_with_value_texts():
    root = parse(sample_bar())
    bars = of_class(root, "bar")
    assert len(bars) == 2
    first, second = (float(bar.get("width")) for bar in bars)
    assert first / 0.875 == pytest.approx(second / 0.5, abs=0.2)
    assert {bar.get("x") for bar in bars} == {bars[0].get("x")}
    values = [element.text for element in of_class(root, "value")]
    assert values == ["87,5 %", "50,0 %"]
    assert [element.text for element in of_class(root, "missing")] == ["chưa có"]
    assert [element.text for element in of_class(root, "label")] == [
        "UBND Phường Bến Nghé",
        "UBND Quận 1",
        "Sở TT&TT",
    ]
    assert [element.text for element in of_class(root, "tick")] == [
        "0,0 %",
        "25,0 %",
        "50,0 %",
        "75,0 %",
        "100,0 %",
    ]


def test_bar_chart_scales_to_max_value_and_clamps():
    rows = [("a", 5.0), ("b", 10.0), ("c", 20.0), ("d", -1.0)]
    root = parse(bar_chart(rows, title="t", value_text=str, max_value=10.0))
    widths = [float(bar.get("width")) for bar in of_class(root, "bar")]
    assert widths[1] == widths[2] == pytest.approx(2 * widths[0], abs=0.2)
    assert widths[3] == 0
    with pytest.raises(ValueError):
        bar_chart(rows, title="t", value_text=str, max_value=0)


def test_long_labels_wrap_then_shorten_with_the_full_label_as_tooltip():
    label = (
        "Công an Thành phố Hồ Chí Minh – Phòng Cảnh sát quản lý hành chính về trật tự xã hội "
        "và các đơn vị trực thuộc"
    )
    root = parse(bar_chart([(label, 0.5)], title="t", value_text=percent))
    lines = [element.text for element in of_class(root, "label")]
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert label.startswith(" ".join(lines)[:-1])
    assert label in titles(root)


def test_stacked_bar_chart_splits_a_full_bar_into_counted_segments():
    root = parse(sample_stacked())
    rows = of_class(root, "row")
    assert len(rows) == 2
    frame_width = float(of_class(root, "frame")[0].get("width"))
    for row, counts in zip(rows, [[6, 2, 2], [1, 3]], strict=True):
        segments = [group.find(f"{SVG}rect") for group in of_class(row, "segment")]
        assert len(segments) == len(counts)
        widths = [float(segment.get("width")) for segment in segments]
        assert sum(widths) == pytest.approx(frame_width, abs=0.2)
        for width, count in zip(widths, counts, strict=True):
            assert width == pytest.approx(frame_width * count / sum(counts), abs=0.2)
        assert [element.text for element in of_class(row, "count")] == [str(c) for c in counts]
    assert "Đạt (có miễn trừ): 2" in titles(root)
    assert {label for _, label in LEGEND} <= set(texts(root))


def test_stacked_segments_follow_the_legend_styles_with_patterns():
    root = parse(sample_stacked())
    fills = [group.find(f"{SVG}rect").get("fill") for group in of_class(root, "segment")]
    assert fills[0] == fills[3]
    assert fills[1].startswith("url(#")
    ids = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}
    assert {fill[5:-1] for fill in fills if fill.startswith("url(")} <= ids


def test_stacked_bar_chart_hides_counts_that_do_not_fit_and_draws_empty_rows():
    rows = [("a", [("met", 200), ("not_met", 1)]), ("b", [("met", 0)]), ("c", [])]
    root = parse(stacked_bar_chart(rows, title="t", legend=LEGEND))
    assert [element.text for element in of_class(root, "count")] == ["200"]
    assert len(of_class(root, "segment")) == 2
    assert len(of_class(root, "frame")) == 3


def test_stacked_bar_chart_rejects_unknown_keys_and_bad_legends():
    with pytest.raises(ValueError):
        stacked_bar_chart([("a", [("other", 1)])], title="t", legend=LEGEND)
    with pytest.raises(ValueError):
        stacked_bar_chart([("a", [("met", -1)])], title="t", legend=LEGEND)
    with pytest.raises(ValueError):
        stacked_bar_chart([], title="t", legend=[("met", "a"), ("met", "b")])


def points(element: ET.Element) -> list[tuple[float, float]]:
    pairs = element.get("points").split()
    return [tuple(float(number) for number in pair.split(",")) for pair in pairs]


def test_trend_chart_draws_one_line_per_series_with_gaps_and_markers():
    root = parse(sample_trend())
    first, second = of_class(root, "series")
    assert [len(points(line)) for line in of_class(first, "line")] == [4]
    assert [len(points(line)) for line in of_class(second, "line")] == [2]
    assert len(of_class(first, "point")) == 4
    assert len(of_class(second, "point")) == 3
    assert "UBND Quận 1 · 2025-Q3: 25,0 %" in titles(root)
    assert "UBND Quận 1 · 2025-Q4: 25,0 %" not in titles(root)
    line_1, line_2 = of_class(first, "line")[0], of_class(second, "line")[0]
    assert line_1.get("stroke-dasharray") != line_2.get("stroke-dasharray")
    assert line_1.get("stroke") != line_2.get("stroke")
    assert [element.text for element in of_class(root, "period")] == QUARTERS
    assert [element.text for element in of_class(root, "tick")] == [
        "0,0 %",
        "25,0 %",
        "50,0 %",
        "75,0 %",
        "100,0 %",
    ]
    assert {"UBND Phường Bến Nghé", "UBND Quận 1"} <= set(texts(root))


def test_trend_chart_places_values_on_the_y_scale():
    series = [("s", [0.0, 0.5, 1.0, 2.0])]
    root = parse(trend_chart(QUARTERS, series, title="t", value_text=percent))
    (x0, bottom), (x1, middle), (x2, top), (x3, clamped) = points(of_class(root, "line")[0])
    assert bottom - middle == pytest.approx(middle - top, abs=0.1)
    assert clamped == top
    assert x1 - x0 == pytest.approx(x2 - x1, abs=0.2) == pytest.approx(x3 - x2, abs=0.2)


def test_trend_chart_gives_eight_series_distinct_styles_and_rejects_more():
    series = [(f"Đơn vị {i}", [0.1 * i, None, 0.1 * i, 0.05 * i]) for i in range(8)]
    root = parse(trend_chart(QUARTERS, series, title="t", value_text=percent))
    styles = {(line.get("stroke"), line.get("stroke-dasharray")) for line in of_class(root, "line")}
    assert len(styles) == 8
    assert len(of_class(root, "point")) == 8 * 3 + 8
    with pytest.raises(ValueError):
        trend_chart(QUARTERS, [*series, ("x", [None] * 4)], title="t", value_text=percent)
    with pytest.raises(ValueError):
        trend_chart(QUARTERS, [("s", [0.5])], title="t", value_text=percent)


def test_hostile_labels_stay_text():
    charts = [
        bar_chart(
            [(HOSTILE, 0.5), ("b", None)],
            title=HOSTILE,
            value_text=lambda _: HOSTILE,
            note_missing=HOSTILE,
        ),
        stacked_bar_chart([(HOSTILE, [("met", 1)])], title=HOSTILE, legend=[("met", HOSTILE)]),
        trend_chart([HOSTILE], [(HOSTILE, [0.5])], title=HOSTILE, value_text=lambda _: "x"),
    ]
    for svg in charts:
        assert "<script" not in svg
        root = parse(svg)
        assert not list(root.iter(f"{SVG}script"))
        assert not list(root.iter("script"))
        assert root.get("aria-label") == HOSTILE
        assert HOSTILE in titles(root)
    assert HOSTILE in texts(parse(charts[0]))


def test_control_characters_do_not_break_the_xml():
    root = parse(bar_chart([("a\x00b\x1b\nc", 0.5)], title="t\x07", value_text=percent))
    assert "ab c" in texts(root)


def page(charts: list[str]) -> str:
    figures = "".join(f"<figure>{chart}</figure>" for chart in charts)
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Báo cáo</title>"
        "<style>@page { size: A4; margin: 20mm } figure { margin: 0 0 6mm }</style></head>"
        f"<body>{figures}</body></html>"
    )


def test_weasyprint_renders_the_three_charts_without_warnings(caplog, tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    html = page([sample_bar(), sample_stacked(), sample_trend()])
    with caplog.at_level(logging.WARNING):
        pdf = weasyprint.HTML(string=html).write_pdf()
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        # the host lacks libharfbuzz-subset: a notice about the system, not the markup
        and "HarfBuzz-Subset" not in record.getMessage()
    ]
    assert warnings == []
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "charts.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "charts.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    text = unicodedata.normalize("NFC", text)
    for expected in ["UBND Phường Bến Nghé", "87,5 %", "Đạt (có miễn trừ)", "2026-Q2"]:
        assert expected in text
