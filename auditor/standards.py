"""The standards checks may cite, read from data (``standards/standards.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from auditor.resources import builtin_dir
from auditor.yamlfile import read_yaml


@dataclass(frozen=True)
class Standard:
    key: str
    label: str
    title: str


@cache
def load_standards() -> dict[str, Standard]:
    """Every known standard by the key checks use in ``references:``, in file order."""
    data = read_yaml(builtin_dir("standards") / "standards.yaml")[0]
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
    data = read_yaml(builtin_dir("standards") / "sources.yaml")[0]
    return {
        key: Source(key, entry["title"], entry["grade"], entry["summary"].strip())
        for key, entry in data["sources"].items()
    }
