"""sshd's configuration is root's alone and its public host keys cannot be changed by others."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts, FileEntry
from auditor.facts.sshd_files import SshdFiles
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.files import root_file_problems


def _problems(entries: tuple[FileEntry, ...], most: int, groups: list[str]) -> list[Message]:
    return [p for e in entries for p in root_file_problems(e, most, groups)]


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    files: SshdFiles = facts["sshd_files"]
    if not files.config:
        return skipped("no /etc/ssh/sshd_config: the SSH server is not installed")
    problems = _problems(files.config, int(str(params["config_mode"]), 8), params["groups"])
    problems += _problems(
        files.public_keys, int(str(params["public_key_mode"]), 8), params["groups"]
    )
    evidence = [e.describe() for e in files.config + files.public_keys]
    if problems:
        return failed("sshd's files too open: {problems}", evidence, problems=problems)
    return passed(
        "{config} sshd configuration file(s) and {keys} public host key(s) have safe owners "
        "and modes",
        evidence,
        config=len(files.config),
        keys=len(files.public_keys),
    )
