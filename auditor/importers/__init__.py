"""Turn inventories teams already keep (Ansible INI/YAML, nmap XML) into an auditor inventory.

Each importer builds drafts of units and hosts (auditor.importers.drafts), written as the YAML a
person would write. Only connection settings are carried over: secrets are never copied, and the
notes returned say (by name, never by value) what was left out.
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import UsageError
from auditor.importers import ansible, nmap_xml
from auditor.importers.drafts import UnitDraft, check_id, render
from auditor.messages import Message
from auditor.yamlfile import parse_yaml

FORMATS = ("ansible-ini", "ansible-yaml", "nmap-xml")
_TITLES = {"ansible-ini": "Ansible INI", "ansible-yaml": "Ansible YAML", "nmap-xml": "nmap XML"}


def guess_format(path: Path, text: str) -> str:
    """The format of an inventory file, from its content first, then its extension."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("$ANSIBLE_VAULT"):
        raise UsageError(
            "{path} is encrypted with ansible-vault; decrypt a copy (ansible-vault view) and "
            "import that, the secrets will be left out",
            path=path,
        )
    if head.startswith("<") or path.suffix.lower() == ".xml":
        return "nmap-xml"
    if path.suffix.lower() in (".yml", ".yaml", ".json"):
        return "ansible-yaml"
    first = next(
        (ln.strip() for ln in head.splitlines() if ln.strip() and ln.strip()[0] not in "#;"), ""
    )
    if first.startswith("["):
        return "ansible-ini"
    try:
        data, _ = parse_yaml(path, text, ansible.Loader)
    except UsageError:
        return "ansible-ini"
    return "ansible-yaml" if isinstance(data, dict) else "ansible-ini"


def import_inventory(
    path: Path, fmt: str | None = None, unit_id: str | None = None, unit_name: str | None = None
) -> tuple[str, list[Message]]:
    """The auditor inventory (YAML text) made from ``path``, and the notes on what was left out.

    ``unit_id`` names the unit of nmap's hosts; for Ansible, it wraps every group in one unit.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("{path}: no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("{path}: cannot read: {exc}", path=path, exc=exc) from None
    fmt = fmt or guess_format(path, text)
    if unit_id is not None:
        check_id(unit_id)
    if fmt == "nmap-xml":
        result = nmap_xml.read(path, text, unit_id or "imported", unit_name)
    else:
        read = ansible.read_ini if fmt == "ansible-ini" else ansible.read_yaml
        groups = read(path, text)
        result = ansible.convert(groups, reserved=(unit_id,) if unit_id else ())
        if unit_id is not None:
            result.units = [UnitDraft(unit_id, unit_name or unit_id, children=result.units)]
    if not any(u.host_count() for u in result.units):
        raise UsageError("{path}: no host to import", path=path)
    header = [f"Imported from {path.name} ({_TITLES[fmt]}) by auditor inventory import."]
    header += result.header
    return render(result, header), result.notes
