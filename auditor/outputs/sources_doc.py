"""docs/sources.md: the documents profiles cite, generated from ``standards/sources.yaml``."""

from __future__ import annotations

from auditor.standards import load_sources

GRADES = {
    "V": "read in the official text or an official copy",
    "P": "a third party's summary of it",
    "I": "an inference",
}


def sources_markdown() -> str:
    """The sources, each with its grade and what the project takes from it."""
    lines = [
        "# Sources",
        "",
        "Generated from `standards/sources.yaml` by `auditor profiles sources`; do not edit by",
        "hand. Profiles cite these by key (`source: {ref: KEY, clause: ...}`) for every",
        "requirement threshold. Grades: "
        + "; ".join(f"**{g}** {text}" for g, text in GRADES.items())
        + ". A threshold of grade P or I should be confirmed before it is quoted as law.",
        "",
    ]
    for source in load_sources().values():
        lines += [
            f"## {source.title}",
            "",
            f"Key `{source.key}`, grade **{source.grade}** ({GRADES[source.grade]}).",
            "",
            source.summary,
            "",
        ]
    return "\n".join(lines)
