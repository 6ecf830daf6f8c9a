"""List files on the controller are read when the scan is planned, not by checks."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.list_files import read_list
from auditor.metadata import Parameter


def test_entries_skip_blank_lines_comments_and_repeats(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# a comment\nmatkhau\r\n\n  \n#\n#hash-is-a-password\nmatkhau\n a b \n")
    listed = read_list(path, "common_passwords", "wordlist")
    assert listed.entries == ("matkhau", "#hash-is-a-password", " a b ")
    assert listed.path == str(path)


def test_a_list_file_parameter_is_a_path_and_only_it_bundles():
    base = {"description": {"vi": "x", "en": "x"}, "source": "s"}
    with pytest.raises(ValueError, match="only for a list_file parameter"):
        Parameter(default="", bundled="common-passwords.txt", **base)
    with pytest.raises(ValueError, match="default is a path"):
        Parameter(default=3, list_file=True, **base)
    assert Parameter(default="", list_file=True, **base).list_file


def test_an_unreadable_list_stops_the_scan_before_any_host_with_one_line(tmp_path: Path):
    profile = tmp_path / "p.yaml"
    missing = tmp_path / "leaked.txt"
    profile.write_text(
        "id: p\ntitle: {vi: P, en: P}\ninclude: {ids: [leaked_accounts]}\n"
        f"parameters: {{leaked_accounts: {{path: {missing}}}}}\n"
    )
    db = tmp_path / "db.sqlite"
    result = CliRunner().invoke(main, ["scan", "-p", str(profile), "--db", str(db), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"auditor: error: cannot read {missing} (parameter path of leaked_accounts): "
        "No such file or directory"
    ]
    history = CliRunner().invoke(main, ["history", "--db", str(db)])
    assert len(history.stdout.strip().splitlines()) <= 1  # no scan was begun
