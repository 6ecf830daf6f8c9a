"""The schema of check metadata (the YAML file beside each check)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.errors import Invalid
from auditor.standards import load_standards

Area = Literal["patching", "logging", "credentials", "network", "system"]
AREAS: tuple[str, ...] = ("patching", "logging", "credentials", "network", "system")
Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
Role = Literal["server", "terminal", "device"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class Parameter(_Strict):
    """A tunable threshold: its default, what it means and where the value comes from.

    A number is at least ``minimum`` (0 unless the metadata says otherwise: days, counts,
    sizes and seconds are never negative) and at most ``maximum`` when one is given.
    """

    default: Any
    description: Text
    source: str = Field(min_length=1)
    minimum: float | None = None
    maximum: float | None = None
    list_file: bool = False  # the value names a list file on the controller (auditor.list_files)
    bundled: str | None = None  # the list under checks/data used when a list_file value is empty
    # ``<fact>.<option>``: the collector option (a bound of its script) or the probe option (a
    # setting of the network scan) this parameter sets
    collector_option: str | None = Field(
        default=None, pattern=r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$"
    )

    @model_validator(mode="after")
    def _list_file_is_a_path(self) -> Parameter:
        if self.bundled and not self.list_file:
            raise Invalid("bundled is only for a list_file parameter")
        if self.list_file and not isinstance(self.default, str):
            raise Invalid("a list_file parameter's default is a path (a string)")
        if self.collector_option and (
            isinstance(self.default, bool) or not isinstance(self.default, int | str)
        ):
            raise Invalid(
                "a collector_option parameter's default is a whole number (a collector's "
                "bound), a list file (a collector's list) or a text (a probe's setting)"
            )
        return self

    def allows(self, value: float) -> bool:
        low = 0 if self.minimum is None else self.minimum
        return value >= low and (self.maximum is None or value <= self.maximum)

    def range_text(self) -> str:
        low = 0 if self.minimum is None else self.minimum
        return f"at least {low:g}" + (
            f", at most {self.maximum:g}" if self.maximum is not None else ""
        )


def _known_references(references: dict[str, list[str]]) -> dict[str, list[str]]:
    """Clauses by standard: every standard known (``standards/standards.yaml``), and at least
    one project control."""
    known = load_standards()
    unknown = sorted(set(references) - set(known))
    if unknown:
        raise Invalid("unknown standard {names} (known: {known})", names=unknown, known=known)
    if not references.get("controls"):
        raise Invalid("controls: at least one project control is required")
    return references


References = Annotated[dict[str, list[str]], AfterValidator(_known_references)]


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
            raise Invalid("a fact is listed twice")
        return facts

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}
