"""Every enabled package source has its signatures checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.pkg_sources import Sources
from auditor.outcome import Outcome, failed, passed, skipped
from auditor.parsers.packages import TRUE_WORDS

# apt source options that let packages in without a valid signature on the Release file
_APT_UNSAFE = ("trusted", "allow-insecure", "allow-downgrade-to-insecure", "allow-weak")


def _apt_problems(sources: Sources) -> list[str]:
    problems = []
    for source in sources.sources:
        for option in _APT_UNSAFE:
            value = source.options.get(option, "")
            if value.lower() in TRUE_WORDS:
                problems.append(f"{source.file}: {source.text} [{option}={value}]")
    for key, value in sources.settings.items():
        if value.lower() in TRUE_WORDS:
            problems.append(f'apt setting {key} "{value}"')
    return problems


def _rpm_problems(sources: Sources) -> list[str]:
    main = sources.settings.get("main gpgcheck", sources.settings.get("main pkg_gpgcheck"))
    problems = []
    for source in sources.sources:
        value = source.options.get("gpgcheck", source.options.get("pkg_gpgcheck", main))
        if value is None:
            problems.append(f"{source.file}: {source.text}, unset in [main] too: off by default")
        elif value.lower() not in TRUE_WORDS:
            problems.append(f"{source.file}: {source.text}")
    return problems


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sources: Sources = facts["pkg_sources"]
    if sources.manager == "none":
        return skipped("no apt, dnf or yum on the host")
    problems = _apt_problems(sources) if sources.manager == "apt" else _rpm_problems(sources)
    if problems:
        return failed(
            "{count} package source(s) or setting(s) accept unsigned packages",
            problems,
            count=len(problems),
        )
    evidence = [f"{s.file}: {s.text}" for s in sources.sources]
    evidence += [f"{key} {value}" for key, value in sources.settings.items()]
    return passed(
        "{count} enabled source(s), all signature-checked", evidence, count=len(sources.sources)
    )
