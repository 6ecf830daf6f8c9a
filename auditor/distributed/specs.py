"""A host's resolved settings as a job carries them: JSON in, the same HostSpec out."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from auditor.inventory import HostSpec

_TUPLES = {"unit_path", "tags", "roster"}


def spec_to_json(spec: HostSpec) -> dict[str, Any]:
    """Every field of ``spec``, tuples as lists."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(spec).items()}


def spec_from_json(data: dict[str, Any]) -> HostSpec:
    """The HostSpec :func:`spec_to_json` wrote."""
    return HostSpec(
        **{k: tuple(v) if k in _TUPLES and v is not None else v for k, v in data.items()}
    )
