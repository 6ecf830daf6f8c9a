"""Fact collectors: a POSIX shell snippet run on the host and a pure parser of its output.

Every snippet runs under a prelude (see ``auditor.facts.script``) that provides:

``dump_files PATH...``
    for each regular file, a header line ``\\036FILE <mode> <owner> <group> <size> <path>``
    followed by the file's content (first 256 KiB); parse with :func:`split_files`.
``sec NAME [ARG]``
    a section mark line ``\\036SEC NAME ARG``: what follows, up to the next mark, is section
    ``NAME`` (``ARG``, one line, tells more: an exit status, a path); parse with
    :func:`sections` or :func:`split_sections`. The only way a snippet divides its output.
``is_root``
    true when the script runs as uid 0.
``shared NAME``
    prints the shared input ``NAME`` (see :func:`shared_input`), in a collector that ``uses`` it.

A parser receives :class:`Raw` and returns any typed value, or raises :class:`FactError`
with a reason that becomes the ``error`` message of every check needing that fact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

FILE_HEADER = "\036FILE "


class FactError(Exception):
    """A fact could not be collected or parsed; the message says why."""


MAX_DIGITS = 30  # a number in a host's output longer than this is junk, not a count or an id
OCTAL_DIGITS = frozenset("01234567")


def whole_number(text: str, signed: bool = False) -> int | None:
    """``text`` (blanks around it ignored) as a whole number of ASCII digits, a minus sign
    before them allowed when ``signed``; None when it is not one or has over 30 digits."""
    text = text.strip()
    digits = text[1:] if signed and text.startswith("-") else text
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
        return int(text)
    return None


def octal_mode(text: str) -> int | None:
    """``text`` as an octal file mode as ``stat`` and ``find`` print it (one to seven digits
    0-7), or None when it is not one."""
    if 0 < len(text) <= 7 and OCTAL_DIGITS.issuperset(text):
        return int(text, 8)
    return None


@dataclass(frozen=True)
class Raw:
    """What a collector's snippet printed, and its exit status."""

    stdout: str
    rc: int = 0


OptionValue = int | tuple[str, ...]
# Characters of a list option's value: a collector's script is one argument of ``sh -c``, which
# Linux caps at 128 KiB; a list's entries beyond this are left out (a script's bounds read fewer).
MAX_LIST_CHARS = 64 * 1024


def option_text(value: OptionValue) -> str:
    """A collector option as its shell variable's value: a whole number's digits, or a list's
    entries as the hex of their UTF-8 bytes joined by commas (those that fit in
    :data:`MAX_LIST_CHARS`), so that no entry, whatever it holds, is read by the shell as anything
    but those characters. A script decodes an entry with perl's ``pack("H*", ...)``."""
    if not isinstance(value, tuple):
        return str(int(value))
    kept: list[str] = []
    size = 0
    for entry in value:
        text = entry.encode().hex()
        size += len(text) + 1
        if size > MAX_LIST_CHARS + 1:
            break
        kept.append(text)
    return ",".join(kept)


@dataclass(frozen=True)
class Collector:
    """A named fact: the shell that gathers it and the pure function that parses it; ``uses``
    names the shared inputs its script reads with ``shared NAME``; ``options`` are the shell
    variables its script reads, with their defaults, which check parameters may set (see
    :func:`auditor.facts.script.build_script`): a whole number (a bound), or a list of texts
    (a list file's entries, rendered by :func:`option_text`)."""

    name: str
    script: str
    parse: Callable[[Raw], Any]
    needs_root: bool = False
    description: str = ""
    uses: tuple[str, ...] = ()
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    cost: int = 1  # how long it runs, relative to others: filesystem walks cost more


@dataclass(frozen=True)
class SharedInput:
    """Output several collectors read (``sshd -T``, the process list, the modes of home
    directories): gathered once per host, before them, and printed in each by ``shared NAME``."""

    name: str
    script: str
    needs_root: bool = False


COLLECTORS: dict[str, Collector] = {}
SHARED_INPUTS: dict[str, SharedInput] = {}


def shared_input(name: str, script: str, *, needs_root: bool = False) -> SharedInput:
    """Register the shared input ``name``."""
    if name in SHARED_INPUTS:
        raise ValueError(f"shared input {name!r} is defined twice")
    SHARED_INPUTS[name] = SharedInput(name, script, needs_root)
    return SHARED_INPUTS[name]


def collector(
    name: str,
    script: str,
    *,
    needs_root: bool = False,
    uses: SharedInput | tuple[SharedInput, ...] = (),
    options: Mapping[str, OptionValue] | None = None,
    cost: int = 1,
) -> Callable[[Callable[[Raw], Any]], Callable[[Raw], Any]]:
    """Register the decorated parser as the collector ``name`` (its script printing the shared
    inputs ``uses`` with ``shared NAME`` and reading the shell variables ``options``)."""
    inputs = (uses,) if isinstance(uses, SharedInput) else uses

    def register(parse: Callable[[Raw], Any]) -> Callable[[Raw], Any]:
        if name in COLLECTORS:
            raise ValueError(f"fact collector {name!r} is defined twice")
        bad = [k for k in options or {} if not k.isidentifier() or not k.islower()]
        if bad:
            raise ValueError(f"options of {name!r} must be lower-case shell names: {bad}")
        kinds = [k for k, v in (options or {}).items() if not _option_value(v)]
        if kinds:
            raise ValueError(f"options of {name!r} must be whole numbers or lists of text: {kinds}")
        doc = (parse.__doc__ or "").strip().splitlines()
        COLLECTORS[name] = Collector(
            name,
            script,
            parse,
            needs_root,
            doc[0] if doc else "",
            tuple(i.name for i in inputs),
            dict(options or {}),
            cost,
        )
        return parse

    return register


def _option_value(value: object) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class FileEntry:
    """A file's metadata, the one record of it every fact uses: octal mode, owner, group,
    ``kind`` (find's type letter: ``f``, ``d``, ``l``...; or the part a path plays, as
    ``home``, ``dir`` or ``keys`` on the way to a key file) and path."""

    mode: int
    owner: str
    group: str
    kind: str
    path: str

    def describe(self) -> str:
        """``0644 root:root /etc/passwd``."""
        return f"{self.mode:04o} {self.owner}:{self.group} {self.path}"

    def line(self) -> str:
        """``/etc/passwd 0644 root:root``."""
        return f"{self.path} {self.mode:04o} {self.owner}:{self.group}"


@dataclass(frozen=True)
class FileDump(FileEntry):
    """One file printed by ``dump_files``: its metadata, size and content (first 256 KiB)."""

    size: int
    content: str

    def lines(self) -> list[str]:
        """The content's lines (split on newlines only, unlike ``str.splitlines``)."""
        return [line.removesuffix("\r") for line in self.content.split("\n")]


def split_files(text: str) -> dict[str, FileDump]:
    """Split ``dump_files`` output into files keyed by path, in the order printed."""
    files: dict[str, FileDump] = {}
    # each piece after the first is a header's fields, a newline and the file's content
    for piece in ("\n" + text).split("\n" + FILE_HEADER)[1:]:
        header, _, content = piece.partition("\n")
        parts = header.split(" ", 4)
        if len(parts) == 5:  # a header garbled in transit starts no file
            mode, size = octal_mode(parts[0]), whole_number(parts[3])
            if mode is not None and size is not None:
                files[parts[4]] = FileDump(mode, parts[1], parts[2], "f", parts[4], size, content)
    return files


SECTION_MARK = "\036SEC "  # starts the lines ``sec`` prints; unlike "## ", no text file has it


def sections(text: str) -> list[tuple[str, str, list[str]]]:
    """(name, argument, lines) of each section printed with ``sec NAME [ARG]``, in order; a name
    may repeat (with different arguments). Lines before the first section belong to none.

    Split on newlines only: ``str.splitlines`` would also split on the \\036 of the marks.
    """
    found: list[tuple[str, str, list[str]]] = []
    # each piece after the first is a mark's name and argument, a newline and the section's lines
    for piece in ("\n" + text).split("\n" + SECTION_MARK)[1:]:
        mark, newline, body = piece.partition("\n")
        name, _, arg = mark.strip().partition(" ")
        found.append((name, arg.strip(), body.split("\n") if newline else []))
    return found


def split_sections(text: str) -> dict[str, list[str]]:
    """Lines of each section printed with ``sec NAME``, by name (an argument is left out: use
    :func:`sections` when a name repeats); a repeated name keeps its last section's lines."""
    return by_name(sections(text))


def by_name(found: list[tuple[str, str, list[str]]]) -> dict[str, list[str]]:
    """:func:`split_sections` of sections already split (for a parser that needs both)."""
    return {name: lines for name, _, lines in found}


def section_files(parts: dict[str, list[str]], name: str) -> dict[str, FileDump]:
    """Files printed by ``dump_files`` inside section ``name`` of :func:`split_sections`."""
    return split_files("\n".join(parts.get(name, [])))


@dataclass(frozen=True)
class Target:
    """Who the host is in the inventory; provided by the runner as the fact ``target``."""

    name: str
    address: str
    role: str = "server"
    unit: str = ""
    user: str = ""
    tags: tuple[str, ...] = ()
    roster: tuple[str, ...] | None = None
    port: int | None = None  # the SSH port the audit connected through; None when local


@dataclass
class Facts(Mapping[str, Any]):
    """Parsed facts of one host; reading a fact that failed raises its :class:`FactError`."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    declared: frozenset[str] | None = None  # when set, only these may be read

    def __getitem__(self, name: str) -> Any:
        if self.declared is not None and name not in self.declared:
            raise UndeclaredFact(name)
        if name in self.errors:
            raise FactError(self.errors[name])
        return self.values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(n for n in self.values if self.declared is None or n in self.declared)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def only(self, names: Iterable[str]) -> Facts:
        """The facts a check declares, and nothing else: reading another raises."""
        return Facts(self.values, self.errors, frozenset(names))


class UndeclaredFact(KeyError):
    """A check read a fact its metadata does not list."""

    def __str__(self) -> str:
        return f"fact {self.args[0]!r} is not among the facts the check declares"
