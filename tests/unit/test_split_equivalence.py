"""The framed output and the ``sec``/``dump_files`` text are split as the line-by-line splitters
they replaced split them, on any input: those splitters are kept here as the reference."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.facts.base import (
    FILE_HEADER,
    SECTION_MARK,
    FileDump,
    Raw,
    octal_mode,
    sections,
    split_files,
    whole_number,
)
from auditor.facts.script import split_output

NONCE = "0123456789abcdef"
OTHER = "fedcba9876543210"


def reference_split_output(output: str, nonce: str) -> dict[str, Raw]:
    status = f"\036RC {nonce} "
    framed = re.compile(f"^\036{re.escape(nonce)} ([a-z0-9_]+)([ +])(.*)$", re.MULTILINE)
    lines: dict[str, list[str]] = {}
    partial: dict[str, str] = {}
    for name, more, text in framed.findall(output):
        if name in partial:
            text = partial.pop(name) + text
        if more == " ":
            lines.setdefault(name, []).append(text)
        else:
            partial[name] = text
    raws: dict[str, Raw] = {}
    for name, body in lines.items():
        if not body or not body[-1].startswith(status):
            continue
        rc = body.pop()[len(status) :].strip()
        if body and body[-1] == "":
            body.pop()
        raws[name] = Raw("\n".join(body), int(rc) if rc.lstrip("-").isdigit() else -1)
    return raws


def reference_octal_mode(text: str) -> int | None:
    if 0 < len(text) <= 7 and all(c in "01234567" for c in text):
        return int(text, 8)
    return None


def reference_split_files(text: str) -> dict[str, FileDump]:
    files: dict[str, FileDump] = {}
    header: tuple[int, str, str, int, str] | None = None
    body: list[str] = []

    def flush() -> None:
        if header is not None:
            mode, owner, group, size, path = header
            files[path] = FileDump(mode, owner, group, "f", path, size, "\n".join(body))

    for line in text.split("\n"):
        if line.startswith(FILE_HEADER):
            flush()
            parts = line[len(FILE_HEADER) :].split(" ", 4)
            header = None
            if len(parts) == 5:
                mode, size = reference_octal_mode(parts[0]), whole_number(parts[3])
                if mode is not None and size is not None:
                    header = (mode, parts[1], parts[2], size, parts[4])
            body = []
        elif header is not None:
            body.append(line)
    flush()
    return files


def reference_sections(text: str) -> list[tuple[str, str, list[str]]]:
    found: list[tuple[str, str, list[str]]] = []
    for line in text.split("\n"):
        if line.startswith(SECTION_MARK):
            name, _, arg = line[len(SECTION_MARK) :].strip().partition(" ")
            found.append((name, arg.strip(), []))
        elif found:
            found[-1][2].append(line)
    return found


def assert_same_split(output: str) -> None:
    new, old = split_output(output, NONCE), reference_split_output(output, NONCE)
    assert new == old
    assert list(new) == list(old)


def framed(name: str, *lines: str, rc: str = "0") -> list[str]:
    """A collector's framed lines as awk prints them, ending with its status line."""
    return [f"\036{NONCE} {name} {line}" for line in [*lines, "", f"\036RC {NONCE} {rc}"]]


# names that are prefixes of each other: a run of one must not take the lines of the other
NAMES = ["a", "ab", "a_1", "b"]
TEXT = st.lists(
    st.sampled_from([*"aZ09_ +-\t\r\036\x00\x85\u2028²", "RC", NONCE, OTHER]), max_size=12
).map("".join)
LINE = st.one_of(
    st.builds(
        lambda n, m, t: f"\036{NONCE} {n}{m}{t}",
        st.sampled_from(NAMES),
        st.sampled_from(" +"),
        TEXT,
    ),
    st.builds(
        lambda n, rc: f"\036{NONCE} {n} \036RC {NONCE} {rc}",
        st.sampled_from(NAMES),
        st.sampled_from(["0", "3", "-1", " 124 ", "77\r", "x", "", "-"]),
    ),
    st.builds(  # forged
        lambda v, n, m, t: f"\036{v} {n}{m}{t}",
        st.sampled_from([OTHER, NONCE[:-1], f"{NONCE}x", f"x{NONCE}", "", "RC", "\t"]),
        st.sampled_from(NAMES),
        st.sampled_from(" +"),
        TEXT,
    ),
    st.sampled_from([f"\036START {NONCE} uid=0", f"\036RC {NONCE} 0", f"\036DONE {NONCE}"]),
    st.builds(lambda n, t: f"\036{NONCE} {n}{t}", st.sampled_from(["A", "", "a-b", "é"]), TEXT),
    TEXT,  # a line no frame starts
)


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [""],
        framed("a", "one", "two"),
        # a line cut in pieces marked "+", another collector's lines between them
        [f"\036{NONCE} a+on", f"\036{NONCE} b x", f"\036{NONCE} a+e ", *framed("a", "two")],
        [*framed("b", "x")[:2], *framed("a", "1"), *framed("b", "x")[2:]],  # interleaved
        [*framed("ab", "x"), *framed("a", "y")[:-1]],  # a missing its status line
        [*framed("a", "x"), *framed("b", "y")[:-1], f"\036{NONCE} b+ \036RC {NONCE} 0"],
        [*framed("a", "x")[:-1], f"\036{OTHER} a \036RC {OTHER} 0", *framed("b", "y")],  # forged
        [f"{line}\r" for line in [*framed("a", "x", "y"), *framed("b", "", rc="3")]],  # CRLF
        [*framed("a", "x"), f"\036{NONCE} a after its status"],
        framed("a", rc="-7") + framed("b", rc="junk") + framed("a_1", rc=" 1 "),
    ],
)
def test_split_output_as_the_line_by_line_split(lines):
    for end in ("", "\n"):
        assert_same_split("\n".join(lines) + end)


@settings(max_examples=600, deadline=None)
@given(st.lists(LINE, max_size=30), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_split_output_as_the_line_by_line_split_on_any_lines(lines, newline, last):
    assert_same_split(newline.join(lines) + (newline if last else ""))


MARKED = st.lists(
    st.sampled_from(
        [
            *"\n \r\t\036x-+",
            *["0", "7", "8", "644", "12", "/p", "\n\n", SECTION_MARK, FILE_HEADER],
            *[f"\n{FILE_HEADER}644 root root 12 /etc/x", f"\n{FILE_HEADER}0755 r g -1 /p \r"],
            *[f"\n{SECTION_MARK}one", f"\n{SECTION_MARK} two  x \r", f"{SECTION_MARK}\036one"],
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(MARKED)
def test_sections_and_files_as_the_line_by_line_splits(text):
    assert sections(text) == reference_sections(text)
    new, old = split_files(text), reference_split_files(text)
    assert new == old
    assert list(new) == list(old)


@given(st.text(st.sampled_from([*"0123456789 -+\t٣"]), max_size=9))
def test_octal_mode_as_before(text):
    assert octal_mode(text) == reference_octal_mode(text)


@pytest.mark.parametrize("rc", ["--5", "²", "-", "1" * 40])
def test_a_status_that_is_no_number_reads_as_minus_one_and_the_rest_still_splits(rc):
    output = "\n".join([*framed("a", "x", rc=rc), *framed("b", "y", rc="2")])
    raws = split_output(output, NONCE)
    assert (raws["a"].stdout, raws["a"].rc) == ("x", -1)
    assert (raws["b"].stdout, raws["b"].rc) == ("y", 2)
