"""The filesystem walks run for real: only local file systems are walked, and the bounds the
checks' parameters set (entries listed, seconds) hold."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from auditor.facts import load_collectors
from auditor.facts.base import Raw
from auditor.facts.script import ENVIRONMENT, PRELUDE, collector_body
from auditor.facts.walks import find_walk
from auditor.parsers.files import parse_find


def sh(script: str, **variables: int) -> str:
    assigned = "".join(f"{k}={v}\n" for k, v in variables.items())
    done = subprocess.run(
        ["sh", "-c", f"{ENVIRONMENT}\n{PRELUDE}\n{assigned}{script}"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.parametrize(
    ("kind", "remote"),
    [
        ("nfs", True), ("nfs4", True), ("smb2", True), ("cifs", True), ("fuse", True),
        ("fuse.sshfs", True), ("ceph", True), ("afs", True), ("v9fs", True), ("lustre", True),
        ("ext2/ext3", False), ("xfs", False), ("btrfs", False), ("tmpfs", False),
        ("overlayfs", False), ("fuseblk", False), ("", False),
    ],
)  # fmt: skip
def test_remote_types_are_the_network_and_user_space_ones(kind: str, remote: bool) -> None:
    answer = sh(f'if remote_type "{kind}"; then echo remote; else echo local; fi')
    assert answer.strip() == ("remote" if remote else "local")


def test_local_dirs_keeps_real_local_directories_only(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "file").write_text("")
    names = " ".join(str(tmp_path / n) for n in ("real", "link", "file", "missing"))
    assert sh(f"local_dirs {names}").split() == [str(tmp_path / "real")]


def test_a_walk_is_cut_at_max_listed(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"f{i}").write_text("")
    script = find_walk(str(tmp_path), "-type f")
    whole = parse_find(Raw(sh(script, max_listed=10, walk_seconds=30)))
    assert whole.complete and len(whole.entries) == 5
    cut = parse_find(Raw(sh(script, max_listed=3, walk_seconds=30)))
    assert not cut.complete and len(cut.entries) == 3
    assert cut.note == "listing cut at 3 entries"


def test_a_walk_stops_after_walk_seconds(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"f{i}").write_text("")
    slow = find_walk(str(tmp_path), "-type f -exec sleep 2 \\;")
    found = parse_find(Raw(sh(slow, max_listed=10, walk_seconds=1)))
    assert not found.complete and found.note == "find timed out: the listing is partial"


def test_no_directory_walks_nothing(tmp_path: Path) -> None:
    os.chdir(tmp_path)  # find with no starting point would walk the working directory
    (tmp_path / "here").write_text("")
    found = parse_find(Raw(sh(find_walk("", "-type f"), max_listed=10, walk_seconds=30)))
    assert found.complete and not found.entries


@pytest.mark.skipif(os.geteuid() != 0, reason="the set-uid walk reads every system directory")
def test_the_suid_collector_takes_its_bound_from_its_options() -> None:
    collector = load_collectors()["suid_sgid"]
    found = collector.parse(
        Raw(sh(collector_body(collector, {**collector.options, "max_listed": 1})))
    )
    assert len(found.entries) == 1 and found.note == "listing cut at 1 entries"
