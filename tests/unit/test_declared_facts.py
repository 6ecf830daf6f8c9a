"""A check reads only the facts its metadata declares: in its source, and when it is judged."""

from __future__ import annotations

import ast
from dataclasses import replace

import pytest

from auditor.facts.base import Facts, Target, UndeclaredFact
from auditor.judge import judge
from auditor.registry import load_checks

CHECKS = load_checks()


def _reads(source: str) -> set[str]:
    """Fact names read as ``facts["name"]`` or ``facts.get("name")``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "facts"
            and isinstance(node.slice, ast.Constant)
        ):
            found.add(node.slice.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "facts"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_a_check_reads_only_the_facts_it_declares(check_id):
    check = CHECKS[check_id]
    if not check.origin.endswith(".py"):
        pytest.skip("a local rule has no source of its own")
    with open(check.origin, encoding="utf-8") as f:
        undeclared = _reads(f.read()) - set(check.meta.facts)
    assert not undeclared, f"{check_id} reads undeclared facts {sorted(undeclared)}"


def test_reading_an_undeclared_fact_when_judged_is_an_error_naming_it():
    check = CHECKS["sudo_nopasswd"]
    facts = Facts({"target": Target("h", "127.0.0.1")})
    view = facts.only(("sudoers",))
    with pytest.raises(UndeclaredFact, match="'target' is not among the facts"):
        view["target"]
    nosy = replace(check, evaluate=lambda facts, params: facts["accounts"])
    outcome = judge(nosy, Facts({"target": Target("h", "127.0.0.1"), "accounts": []}))
    assert outcome.status == "error"
    assert "fact 'accounts' is not among the facts the check declares" in outcome.text.render()
