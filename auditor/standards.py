"""The standards checks may cite, read from data (``standards/standards.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from auditor.resources import builtin_dir


@dataclass(frozen=True)
class Standard:
    key: str
    label: str
    title: str


@cache
def load_standards() -> dict[str, Standard]:
    """Every known standard by the key checks use in ``references:``, in file order."""
    data = yaml.safe_load((builtin_dir("standards") / "standards.yaml").read_text("utf-8"))
    return {
        key: Standard(key, entry["label"], entry["title"])
        for key, entry in data["standards"].items()
    }


@dataclass(frozen=True)
class Source:
    """A document a profile takes a requirement or a threshold from, as the project read it.

    ``grade``: V read in the official text or an official copy; P a third party's summary;
    I an inference.
    """

    key: str
    title: str
    grade: str
    summary: str


@cache
def load_sources() -> dict[str, Source]:
    """Every source a profile may cite (``standards/sources.yaml``), by key."""
    data = yaml.safe_load((builtin_dir("standards") / "sources.yaml").read_text("utf-8"))
    return {
        key: Source(key, entry["title"], entry["grade"], entry["summary"].strip())
        for key, entry in data["sources"].items()
    }
