"""The per-collector benchmark (benchmarks/collectors.py) reads the shell's ``times`` and runs
a real facts script; no time is asserted."""

from __future__ import annotations

import shutil

import pytest

from auditor.facts import load_collectors
from benchmarks.collectors import children_cpu, run


def test_children_cpu_adds_the_childrens_user_and_system_time():
    printed = "0m0.004s 0m0.008s\n1m2.500s 0m0.250s\n"
    assert children_cpu(printed) == pytest.approx(62.75)


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh")
def test_one_collector_runs_in_its_own_script():
    cost = run(["sh", "-s"], "kernel", [load_collectors()["kernel"]])
    assert cost.name == "kernel" and cost.cpu >= 0 and cost.wall > 0
