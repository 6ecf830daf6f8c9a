"""Hostile YAML and values in the files the auditor reads (inventory, profiles, local rules,
waivers, plans, answers): each refused at once with one line naming the file and line, exit 2,
or made harmless."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import UsageError
from auditor.yamlfile import (
    MAX_ALIASED,
    MAX_BYTES,
    MAX_DEPTH,
    LimitedLoader,
    line_of,
    parse_yaml,
    read_text,
    read_yaml,
)

EN = {"AUDITOR_LANG": "en"}
FAST = 5.0  # seconds: generous for a loaded 2-core machine; the old loader took minutes
NASTY = "a b'c\"$(touch PWNED)`touch PWNED`;touch PWNED|touch PWNED&touch PWNED*"

INVENTORY = """units:
  - id: u1
    name: Unit
    hosts:
      - {name: h1, address: 192.0.2.1}
"""
PROFILE = "id: p\ntitle: {vi: P, en: P}\ninclude: {ids: [ssh_root_login]}\n"


def alias_bomb(levels: int = 9) -> str:
    """The billion laughs: each level lists the one below nine times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    return "\n".join(lines) + f"\nunits: *l{levels}\n"


def nested(depth: int, kind: str = "list") -> str:
    inner = "[" * depth + "]" * depth if kind == "list" else "{a: " * depth + "1" + "}" * depth
    return f"units: {inner}\n"


# Each hostile document, the line its error names, and what the error says.
DOCUMENTS = {
    "alias bomb": (alias_bomb(), 6, "alias bomb"),
    "recursive alias": ("units: &a [x, *a]\n", 1, "inside the collection it names"),
    "nested lists": (nested(500), 1, f"nested more than {MAX_DEPTH} levels deep"),
    "nested mappings": (nested(500, "map"), 1, f"nested more than {MAX_DEPTH} levels deep"),
    "duplicate key": (
        "units:\n  - id: u1\n    name: a\n    id: u2\n",
        4,
        "key 'id' is given twice (first on line 2)",
    ),
    "duplicate top key": (
        INVENTORY + "units: []\n",
        6,
        "key 'units' is given twice (first on line 1)",
    ),
    "not UTF-8": ("units:\n  - id: u1\n    name: \udcff\n", 3, "not UTF-8 text (byte 28 is 0xff)"),
    "control character": ("units:\n  - id: u1\n    name: a\x1bb\n", 3, "character U+001B"),
    "NUL escape": ('units:\n  - id: u1\n    name: "a\\0b"\n', 3, "cannot hold a NUL character"),
}


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def run(*args: str) -> tuple[int, list[str], float]:
    """Exit code, stderr lines and seconds of one command."""
    start = time.monotonic()
    result = CliRunner().invoke(main, list(args), env=EN, catch_exceptions=False)
    return result.exit_code, result.stderr.splitlines(), time.monotonic() - start


def assert_refused(
    args: tuple[str, ...], path: Path, line: int | None, says: str, seconds: float = FAST
) -> None:
    code, lines, took = run(*args)
    where = f"{path}:{line}: " if line else f"{path}: "
    named = [text for text in lines if where in text]
    assert code == 2, lines
    assert len(named) == 1 and says in named[0], lines
    assert not any("Traceback" in text or "RecursionError" in text for text in lines)
    assert took < seconds, f"took {took:.1f} s"


# Where each kind of document is read, as a command reading the file at ``path``.
def _inventory(path: Path, tmp: Path) -> tuple[str, ...]:
    return ("inventory", "validate", str(path))


def _scan(path: Path, tmp: Path) -> tuple[str, ...]:
    return ("scan", "-i", str(path), "--db", str(tmp / "db.sqlite"))


def _profile(path: Path, tmp: Path) -> tuple[str, ...]:
    return ("profiles", "validate", str(path))


def _rule_file(path: Path, tmp: Path) -> tuple[str, ...]:
    profile = write(tmp / "with-rules.yaml", PROFILE + f"rule_files: [{path}]\n")
    return ("profiles", "validate", str(profile))


def _waivers(path: Path, tmp: Path) -> tuple[str, ...]:
    inventory = write(tmp / "with-waivers.yaml", INVENTORY + f"waivers: {path}\n")
    return ("scan", "-i", str(inventory), "--db", str(tmp / "db.sqlite"))


def _plan(path: Path, tmp: Path) -> tuple[str, ...]:
    return ("report", "--quarter", "2026-Q4", "--plan", str(path), "-o", str(tmp / "out"),
            "--db", str(tmp / "db.sqlite"))  # fmt: skip


def _answers(path: Path, tmp: Path) -> tuple[str, ...]:
    return ("inspect", "--answers", str(path), "--inspector", "x", "--db", str(tmp / "db.sqlite"))


READERS: dict[str, Callable[[Path, Path], tuple[str, ...]]] = {
    "inventory validate": _inventory,
    "scan -i": _scan,
    "profiles validate": _profile,
    "local rule file": _rule_file,
    "waivers": _waivers,
    "plan": _plan,
    "answers": _answers,
}


@pytest.mark.parametrize("case", DOCUMENTS)
@pytest.mark.parametrize("reader", READERS)
def test_hostile_yaml_is_refused_at_once_with_its_file_and_line(tmp_path, case, reader):
    text, line, says = DOCUMENTS[case]
    path = write(tmp_path / "hostile.yaml", text)
    assert_refused(READERS[reader](path, tmp_path), path, line, says)


@pytest.mark.parametrize("reader", READERS)
def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path, reader):
    path = tmp_path / "huge.yaml"
    with path.open("w") as f:
        f.write("units:\n")
        f.write("  - {id: u, name: n}\n" * (50 * 1024 * 1024 // 21))  # 50 MB: read for 30 s before
    args = READERS[reader](path, tmp_path)
    assert_refused(args, path, None, f"larger than {MAX_BYTES >> 20} MiB")


# The loader itself.


def test_the_loader_reads_what_safe_load_reads_with_the_lines_of_its_nodes(tmp_path):
    text = (
        "base: &base {user: audit, port: 22}\n"
        "units:\n"
        "  - id: u1\n"
        "    defaults: {<<: *base, port: 2222}\n"
        "    tags: [*base, *base]\n"
        "    when: 2026-01-05\n"
        "    keys: {1: int, '1': text}\n"
    )
    data, root = read_yaml(write(tmp_path / "ok.yaml", text))
    assert data == yaml.safe_load(text)
    assert data["units"][0]["defaults"] == {"user": "audit", "port": 2222}
    assert line_of(root, ("units", 0, "when")) == 6
    assert read_yaml(write(tmp_path / "empty.yaml", "")) == (None, None)


def test_aliases_within_the_budget_are_read(tmp_path):
    # 3 levels of 9: aliases standing for 15,670 values in all.
    data, _ = read_yaml(write(tmp_path / "ok.yaml", alias_bomb(3)))
    assert len(data["units"]) == 9 and data["units"][0][0][0] == ["lol"] * 9


def test_the_alias_budget_counts_expanded_values(tmp_path):
    per_alias = 101  # a list of 100 scalars and itself
    uses = MAX_ALIASED // per_alias
    head = "x: &x [" + ", ".join(["v"] * 100) + "]\n"
    read_yaml(write(tmp_path / "ok.yaml", head + f"y: [{', '.join(['*x'] * uses)}]\n"))
    with pytest.raises(UsageError, match=r"big.yaml:2: aliases stand for more than"):
        read_yaml(write(tmp_path / "big.yaml", head + f"y: [{', '.join(['*x'] * (uses + 1))}]\n"))


def test_nesting_up_to_the_limit_is_read(tmp_path):
    data, _ = read_yaml(write(tmp_path / "deep.yaml", nested(MAX_DEPTH - 1)))
    assert data["units"] is not None
    with pytest.raises(UsageError, match="nested more than"):
        read_yaml(write(tmp_path / "deeper.yaml", nested(MAX_DEPTH)))


def test_a_billion_laughs_is_refused_in_a_fraction_of_a_second(tmp_path):
    start = time.monotonic()
    with pytest.raises(UsageError, match=r"bomb.yaml:\d+: aliases stand for more than"):
        read_yaml(write(tmp_path / "bomb.yaml", alias_bomb(30)))
    assert time.monotonic() - start < FAST


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_not(tmp_path):
    comment = "# " + "x" * 1000 + "\n"
    body = comment * (MAX_BYTES // len(comment))
    path = write(tmp_path / "limit.yaml", body + "a: 1" + " " * (MAX_BYTES - len(body) - 4))
    assert path.stat().st_size == MAX_BYTES and read_yaml(path)[0] == {"a": 1}
    with path.open("a") as f:
        f.write(" ")
    with pytest.raises(UsageError, match=r"limit.yaml: larger than 2 MiB"):
        read_yaml(path)


def test_merge_keys_may_override_without_being_duplicates(tmp_path):
    text = "a: &a {x: 1}\nb: {<<: *a, x: 2}\n"
    assert read_yaml(write(tmp_path / "m.yaml", text))[0]["b"] == {"x": 2}


# Values that become file names or reach a command.


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("identity_file", '"/tmp/key\\nother"', "cannot hold a control character"),
        ("known_hosts", '"~/.ssh/known_hosts\\r"', "cannot hold a control character"),
        ("user", '"root$(touch PWNED)"', "is not a user name"),
        ("user", '"-oProxyCommand=touch PWNED"', "is not a user name"),
        ("user", '"root; touch PWNED"', "is not a user name"),
        ("address", '"192.0.2.1;touch PWNED"', "is not an IP address or host name"),
        ("address", '"-oProxyCommand=x"', "is not an IP address or host name"),
        ("name", '"../../etc/cron.d/x"', "must match"),
    ],
)
def test_inventory_values_reaching_ssh_or_file_names_are_refused(tmp_path, field, value, says):
    host = {"name": "h1", "address": "192.0.2.1", field: value}
    entry = "{" + ", ".join(f"{k}: {v}" for k, v in host.items()) + "}"
    text = INVENTORY.replace("{name: h1, address: 192.0.2.1}", entry)
    path = write(tmp_path / "inventory.yaml", text)
    assert_refused(("inventory", "validate", str(path)), path, 5, says)


@pytest.mark.parametrize("unit_id", ["../../tmp/x", "a/b", "/etc", ".hidden", "-rf"])
def test_unit_ids_that_would_escape_the_report_directory_are_refused(tmp_path, unit_id):
    path = write(tmp_path / "inventory.yaml", INVENTORY.replace("id: u1", f"id: '{unit_id}'"))
    assert_refused(("inventory", "validate", str(path)), path, 2, "units[0].id: must match")


def test_a_waivers_file_name_with_a_line_break_is_refused(tmp_path):
    path = write(tmp_path / "inventory.yaml", INVENTORY + 'waivers: "w.yaml\\n/etc/passwd"\n')
    assert_refused(("inventory", "validate", str(path)), path, 6, "cannot hold a control")


@pytest.mark.parametrize(
    "rule",
    [
        '{path: "/etc/pass\\0wd"}',
        '{path: "/etc/passwd", owner: "ro\\0ot"}',
    ],
)
def test_a_nul_in_a_local_rule_is_refused(tmp_path, rule):
    rules = write(
        tmp_path / "rules.yaml",
        "rules:\n  - id: local_x\n    title: {vi: X, en: X}\n    area: system\n"
        f"    severity: low\n    file: {rule}\n",
    )
    assert_refused(_rule_file(rules, tmp_path), rules, 6, "cannot hold a NUL character")


def test_a_local_rule_path_must_be_absolute(tmp_path):
    rules = write(
        tmp_path / "rules.yaml",
        "rules:\n  - id: local_x\n    title: {vi: X, en: X}\n    area: system\n"
        "    severity: low\n    file: {path: ../../etc/shadow}\n",
    )
    assert_refused(_rule_file(rules, tmp_path), rules, 6, "is not an absolute path")


def test_shell_metacharacters_in_a_local_rule_are_inert_in_a_real_scan(tmp_path, monkeypatch):
    """Every field of a local rule that reaches the host's shell is quoted: the scan runs the
    rule on this machine, and nothing the metacharacters would run happens."""
    monkeypatch.chdir(tmp_path)
    nasty_dir = tmp_path / NASTY
    nasty_dir.mkdir()
    conf = nasty_dir / "-conf $(touch PWNED)"
    conf.write_text(f"key = {NASTY}\n")
    meta = {"title": {"vi": "X", "en": "X"}, "area": "system", "severity": "low"}
    rules = [
        {"id": "local_cmd", **meta, "command": {"run": ["printf", "%s", NASTY], "expect": NASTY}},
        {"id": "local_file", **meta, "file": {"path": str(conf)}},
        {"id": "local_setting", **meta,
         "setting": {"path": str(conf), "pattern": "^key = (.*)$", "value": NASTY}},
    ]  # fmt: skip
    document = {
        "id": "nasty",
        "title": {"vi": "N", "en": "N"},
        "include": {"ids": [r["id"] for r in rules]},
        "rules": rules,
    }
    profile = write(tmp_path / "nasty.yaml", yaml.safe_dump(document, allow_unicode=True))
    out = tmp_path / "scan.json"
    result = CliRunner().invoke(
        main,
        ["scan", "--profile", str(profile), "--db", str(tmp_path / "db.sqlite"), "-o", str(out)],
        env=EN,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    results = {
        r["check_id"]: r["status"] for r in json.loads(out.read_text())["hosts"][0]["results"]
    }
    assert results == {"local_cmd": "pass", "local_file": "pass", "local_setting": "pass"}
    assert not list(tmp_path.rglob("PWNED*"))


def test_a_loader_with_tags_of_its_own_keeps_the_limits(tmp_path):
    class Tagged(LimitedLoader):
        pass

    Tagged.add_constructor("!vault", lambda loader, node: "VAULTED")
    path = write(tmp_path / "tagged.yaml", "a: !vault secret\n")
    assert parse_yaml(path, read_text(path), Tagged)[0] == {"a": "VAULTED"}
    with pytest.raises(UsageError, match=r"tagged.yaml:1: nested more than"):
        parse_yaml(path, nested(500), Tagged)
    with pytest.raises(UsageError, match="could not determine a constructor"):
        read_yaml(path)  # the tag is the subclass's only
