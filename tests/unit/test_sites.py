"""Sites (#14): a unit's site is inherited down the tree and routes its hosts' jobs; the
worker's task stores a host once, finishes the scan with its last host, and refuses a scan of
another release; the queue needs PostgreSQL; the profile a worker rebuilds from a stored scan
is the profile the scan began with."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.distributed.context import JobRefused, stored_profile
from auditor.distributed.enqueue import enqueue
from auditor.distributed.specs import spec_from_json, spec_to_json
from auditor.distributed.worker import Worker
from auditor.errors import ValidationFailed
from auditor.inventory import load_inventory
from auditor.messages import Message
from auditor.profiles import load_profile, profile_paths
from auditor.registry import load_checks
from auditor.scan import targets
from auditor.store.database import Store
from tests.reports import report, result

TREE = """\
defaults: {port: 1, identity_file: /nonexistent/key, timeouts: {connect: 2, host: 20}}
units:
  - id: city
    name: City
    site: centre
    hosts: [{name: c1, address: 127.0.0.1}]
    children:
      - id: district
        name: District
        hosts: [{name: d1, address: 127.0.0.1}]
        children:
          - id: ward
            name: Ward
            site: east
            hosts: [{name: w1, address: 127.0.0.1}]
            children:
              - {id: hamlet, name: Hamlet, hosts: [{name: h1, address: 127.0.0.1}]}
  - id: other
    name: Other
    hosts: [{name: o1, address: 127.0.0.1}]
"""
ONE_CHECK = "id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [ssh_root_login]}\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(text)
    return path


def test_a_site_is_inherited_down_the_tree(tmp_path: Path) -> None:
    specs = load_inventory(_write(tmp_path, TREE)).hosts()
    assert {s.name: s.site for s in specs} == {
        "c1": "centre", "d1": "centre", "w1": "east", "h1": "east", "o1": "default",
    }  # fmt: skip


def test_a_site_is_a_name(tmp_path: Path) -> None:
    path = _write(tmp_path, TREE.replace("site: east", "site: 'east side'"))
    with pytest.raises(ValidationFailed) as caught:
        load_inventory(path)
    assert any("site" in line for line in caught.value.lines("en"))


def test_a_host_spec_survives_the_queue(tmp_path: Path) -> None:
    spec = load_inventory(_write(tmp_path, TREE)).hosts()[3]
    assert spec_from_json(json.loads(json.dumps(spec_to_json(spec)))) == spec


@pytest.mark.parametrize("profile_id", sorted(profile_paths()))
def test_a_worker_rebuilds_the_profile_a_scan_stored(profile_id: str) -> None:
    catalogue = load_checks()
    profile = load_profile(profile_id, catalogue)
    content = json.loads(json.dumps(profile.content(), default=str))
    assert stored_profile(content, profile_id, catalogue).digest == profile.digest


def test_the_queue_needs_postgresql(tmp_path: Path) -> None:
    inventory = _write(tmp_path, TREE)
    for args in (["--enqueue", "-i", str(inventory)], ["--wait", "latest"]):
        done = CliRunner().invoke(
            main, ["scan", *args, "--db", str(tmp_path / "r.sqlite"), "--lang", "en"]
        )
        assert done.exit_code == 2
        assert done.output.strip().splitlines() == [
            "auditor: error: scans spread over sites need a PostgreSQL results database "
            f"(--db postgresql://...), not {tmp_path / 'r.sqlite'}"
        ]
    assert not (tmp_path / "r.sqlite").exists()


def test_waiting_for_an_unknown_scan(postgres_url: str) -> None:
    Store(postgres_url).close()
    done = CliRunner().invoke(main, ["scan", "--wait", "42", "--db", postgres_url, "--lang", "en"])
    assert done.exit_code == 2
    assert len(done.output.strip().splitlines()) == 1
    assert "no scan 42 in" in done.output


def _job_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT queue_name, count(*) FROM procrastinate_jobs GROUP BY 1")
        return dict(rows.fetchall())


def test_a_job_stores_its_host_once_and_finishes_the_scan(
    tmp_path: Path, postgres_url: str
) -> None:
    path = _write(tmp_path, TREE)
    profile_file = tmp_path / "one.yaml"
    profile_file.write_text(ONE_CHECK)
    chosen = targets(path, ["c1", "w1"])
    queued = enqueue(postgres_url, chosen, load_profile(str(profile_file), load_checks()))
    assert queued.sites == {"centre": 1, "east": 1}
    assert _job_counts(postgres_url) == {"site:centre": 1, "site:east": 1}
    store = Store(postgres_url)
    first = report("c1", [result("ssh_root_login", "pass")], unit="city")
    store.add_host(queued.scan_id, first)
    lines: list[Message] = []
    worker = Worker(postgres_url, "centre", 2, 10.0, False, lines.append)
    c1, w1 = (spec_to_json(s) for s in chosen.hosts)
    assert asyncio.run(worker.audit_host(queued.scan_id, c1)) == "already stored"
    scan = store.load(queued.scan_id)
    assert [(h.name, h.status, h.address) for h in scan.hosts] == [("c1", "ok", "127.0.0.1")]
    assert scan.hosts[0].started == first.started.isoformat() and scan.finished is None
    status = asyncio.run(worker.audit_host(queued.scan_id, w1))
    assert status in {"unreachable", "error"}  # nothing listens on port 1
    scan = store.load(queued.scan_id)
    assert [h.name for h in scan.hosts] == ["c1", "w1"] and scan.finished is not None
    store.close()
    worker.store.close()


def test_a_worker_of_another_release_refuses_the_job(tmp_path: Path, postgres_url: str) -> None:
    chosen = targets(_write(tmp_path, TREE), ["o1"])
    profile_file = tmp_path / "one.yaml"
    profile_file.write_text(ONE_CHECK)
    queued = enqueue(postgres_url, chosen, load_profile(str(profile_file), load_checks()))
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE scans SET tool_version = '0.0.1'")
    lines: list[Message] = []
    worker = Worker(postgres_url, "default", 1, 10.0, False, lines.append)
    with pytest.raises(JobRefused):
        asyncio.run(worker.audit_host(queued.scan_id, spec_to_json(chosen.hosts[0])))
    assert "began under auditor 0.0.1" in lines[0].render("en")
    store = Store(postgres_url)
    assert store.load(queued.scan_id).hosts == ()
    store.close()
    worker.store.close()


def test_waiting_ends_when_the_jobs_failed(tmp_path: Path, postgres_url: str) -> None:
    chosen = targets(_write(tmp_path, TREE), ["o1", "c1"])
    profile_file = tmp_path / "one.yaml"
    profile_file.write_text(ONE_CHECK)
    queued = enqueue(postgres_url, chosen, load_profile(str(profile_file), load_checks()))
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE procrastinate_jobs SET status = 'failed'")
    done = CliRunner().invoke(
        main, ["scan", "--wait", "latest", "-q", "--db", postgres_url, "--lang", "en"]
    )
    assert done.exit_code == 3
    assert done.output.strip().splitlines() == [
        f"auditor: error: scan {queued.scan_id}: 2 of its 2 hosts are not stored and none of "
        "its jobs is left to run (2 failed: see the workers' logs)"
    ]


def test_one_way_of_scanning_at_a_time(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["scan", "--enqueue", "--wait", "1", "--lang", "en"])
    assert done.exit_code == 2
    assert "--enqueue, --wait and --resume are used one at a time" in done.output
