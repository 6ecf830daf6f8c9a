"""The schema of check metadata (the YAML file beside each check)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Area = Literal["patching", "logging", "credentials", "network", "system"]
AREAS: tuple[str, ...] = ("patching", "logging", "credentials", "network", "system")
Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
Role = Literal["server", "terminal"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class Parameter(_Strict):
    """A tunable threshold: its default, what it means and where the value comes from."""

    default: Any
    description: Text
    source: str = Field(min_length=1)


class References(_Strict):
    """Clauses of the standards and regulations a check implements."""

    controls: list[str] = Field(min_length=1)
    tcvn_11930: list[str] = []
    tcvn_14423: list[str] = []
    tt_46_2022: list[str] = []
    iso_27001_2022: list[str] = []
    cis: list[str] = []


class CheckMeta(_Strict):
    """Everything about a check except its logic."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    area: Area
    severity: Severity
    rationale: Text
    remediation: Text
    references: References
    facts: list[str] = Field(min_length=1)
    parameters: dict[str, Parameter] = {}
    tags: list[str] = []
    roles: list[Role] = ["server", "terminal"]

    @field_validator("facts")
    @classmethod
    def _no_duplicate_facts(cls, facts: list[str]) -> list[str]:
        if len(set(facts)) != len(facts):
            raise ValueError("a fact is listed twice")
        return facts

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}
