from pathlib import Path

import pytest

from auditor.errors import UsageError, ValidationFailed
from auditor.inventory import load_inventory

MINIMAL = """\
defaults: {user: auditor, port: 22, identity_file: /path/key, known_hosts: /path/known_hosts, sudo: true}
units:
  - id: lab
    name: Lab unit
    hosts:
      - {name: web1, address: 127.0.10.1, role: server}
"""  # noqa: E501

TREE = """\
defaults: {user: auditor, identity_file: /keys/id, known_hosts: /keys/kh, timeouts: {connect: 5}}
units:
  - id: hcm
    name: Thành phố
    owner: Phòng An ninh mạng
    defaults: {port: 2222, sudo: true}
    roster: [admin1, admin2]
    hosts:
      - {name: db1, address: 127.0.10.1}
    children:
      - id: q1
        name: Quận 1
        defaults: {user: scanner, timeouts: {host: 120}}
        terminals:
          - {name: mc-q1-01, address: 127.0.10.2, owner: Bộ phận một cửa, tags: [one-stop]}
          - {name: mc-q1-02, address: 127.0.10.3, port: 22, password_env: Q1_PASSWORD,
             roster: [canbo1]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_form_is_accepted_exactly_as_written(tmp_path):
    hosts = load_inventory(write(tmp_path, MINIMAL)).hosts()
    assert len(hosts) == 1
    h = hosts[0]
    assert (h.name, h.address, h.port, h.user, h.role, h.sudo) == (
        "web1",
        "127.0.10.1",
        22,
        "auditor",
        "server",
        True,
    )
    assert (h.identity_file, h.known_hosts, h.unit_id) == ("/path/key", "/path/known_hosts", "lab")


def test_defaults_are_inherited_and_overridden_per_unit_and_host(tmp_path):
    hosts = {h.name: h for h in load_inventory(write(tmp_path, TREE)).hosts()}
    db1, t1, t2 = hosts["db1"], hosts["mc-q1-01"], hosts["mc-q1-02"]
    assert (db1.port, db1.user, db1.sudo, db1.role, db1.connect_timeout) == (
        2222,
        "auditor",
        True,
        "server",
        5,
    )
    assert db1.roster == ("admin1", "admin2")
    assert (t1.role, t1.user, t1.port, t1.host_timeout, t1.connect_timeout) == (
        "terminal",
        "scanner",
        2222,
        120,
        5,
    )
    assert t1.unit_path == ("Thành phố", "Quận 1")
    assert t1.owner == "Bộ phận một cửa" and db1.owner == "Phòng An ninh mạng"
    assert t1.roster == ("admin1", "admin2") and t2.roster == ("canbo1",)
    assert (t2.port, t2.password_env, t2.agent) == (22, "Q1_PASSWORD", False)


def test_literal_password_is_rejected_with_its_location(tmp_path):
    text = MINIMAL.replace("{name: web1,", "{name: web1, password: s3cret,")
    with pytest.raises(ValidationFailed) as err:
        load_inventory(write(tmp_path, text))
    assert len(err.value.lines("en")) == 1
    problem = err.value.lines("en")[0]
    assert ":6: units[0].hosts[0].password: a literal password is not allowed" in problem
    assert "s3cret" not in problem


def test_every_problem_is_listed_with_line_and_path(tmp_path):
    text = """\
defaults: {port: 70000}
units:
  - id: u1
    name: Unit
    hosts:
      - {name: a, address: "not valid!"}
      - {name: b, address: 127.0.0.2, role: router}
      - {name: c, address: 127.0.0.3, colour: red}
"""
    with pytest.raises(ValidationFailed) as err:
        load_inventory(write(tmp_path, text))
    problems = err.value.lines("en")
    assert any(":1: defaults.port:" in p for p in problems)
    assert any(":6: units[0].hosts[0].address: 'not valid!' is not" in p for p in problems)
    assert any(":7: units[0].hosts[1].role:" in p for p in problems)
    assert any(":8: units[0].hosts[2].colour: unknown field" in p for p in problems)
    assert len(problems) == 4


def test_duplicate_unit_ids_and_host_names(tmp_path):
    text = """\
units:
  - id: u1
    name: One
    hosts: [{name: a, address: 127.0.0.1}]
    children:
      - {id: u1, name: Again, hosts: [{name: a, address: 127.0.0.2}]}
"""
    with pytest.raises(ValidationFailed) as err:
        load_inventory(write(tmp_path, text))
    assert any("unit id 'u1' is used twice" in p for p in err.value.lines("en"))
    assert any("host name 'a' in unit 'u1' is already used" in p for p in err.value.lines("en"))


def test_missing_and_unparsable_files(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        load_inventory(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match=r"inventory.yaml:\d+: invalid YAML: .*expected"):
        load_inventory(write(tmp_path, "units:\n  - [unclosed\n"))
