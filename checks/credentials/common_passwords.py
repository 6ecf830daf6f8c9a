"""No account uses a well-known password (tested on the controller; nothing is revealed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.list_files import ListFile
from auditor.messages import Message
from auditor.outcome import Outcome, errored, failed, passed
from auditor.passwords import TESTER, candidates_for


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    wordlist: ListFile = params["wordlist"]
    words = wordlist.entries
    limit = params["max_candidates"]
    usable = [e for e in facts["shadow"].values() if e.state == "usable"]
    entries, beyond = usable[: params["max_accounts"]], usable[params["max_accounts"] :]
    matched, untested, evidence = [], [], []
    if beyond:
        untested.append(
            Message.of(
                "{names}: not tested (more than max_accounts={max_accounts})",
                names=[e.name for e in beyond],
                max_accounts=params["max_accounts"],
            )
        )
    for entry in entries:
        trial = TESTER.test(entry.password, candidates_for(entry.name, words), limit)
        if trial.error:
            untested.append(Message.of("{name}: {reason}", name=entry.name, reason=trial.reason))
        elif trial.matched:
            matched.append(entry.name)
            evidence.append(f"{entry.name}: {entry.method} hash matches a listed common password")
        else:
            evidence.append(
                f"{entry.name}: {entry.method} hash, {trial.tried} candidates, no match"
            )
    if matched:
        return failed(
            "accounts with a common password: {accounts}",
            evidence + [m.render("en") for m in untested],
            accounts=matched,
        )
    if untested:
        return errored("could not test: {untested}", evidence, untested=untested)
    return passed(
        "{count} password hash(es) tested against up to {limit} common passwords each; "
        "none matched",
        evidence,
        count=len(entries),
        limit=limit,
    )
