"""Every string a person reads has its Vietnamese translation, with the same fields, in NFC."""

from __future__ import annotations

import re
import string
import unicodedata

from babel.messages.pofile import read_po

from auditor import click_i18n
from auditor.i18n import (
    TRANSLATED,
    catalog_path,
    parse_catalog,
    read_catalog,
    source_strings,
    translator,
)
from auditor.messages import Message


def _fields(text: str) -> list[str]:
    """``{name}`` fields (Python code) and ``%(name)s`` fields (report templates)."""
    named = re.findall(r"%\((\w+)\)s", text)
    return sorted([*(f for _, f, _, _ in string.Formatter().parse(text) if f is not None), *named])


def test_every_string_of_the_source_is_translated_to_vietnamese():
    with catalog_path("vi").open("rb") as f:
        po = {m.id: m for m in read_po(f, locale="vi") if m.id}
    strings = source_strings()
    assert len(strings) > 350
    missing = sorted(s for s in strings if s not in po or not po[s].string or po[s].fuzzy)
    assert not missing, (
        f"{len(missing)} strings lack a Vietnamese translation (run python -m auditor.i18n, "
        f"then translate auditor/locale/vi.po): {missing[:10]}"
    )
    stale = sorted(set(po) - set(strings))
    assert not stale, f"strings no longer used: {stale[:10]} (run python -m auditor.i18n)"
    for text, entry in po.items():
        assert _fields(entry.string) == _fields(text), text
        assert entry.string == unicodedata.normalize("NFC", entry.string), text


def test_the_compiled_catalogs_hold_what_their_po_files_say():
    for lang in TRANSLATED:
        for path in (catalog_path(lang), click_i18n.catalog_path(lang)):
            parsed = parse_catalog(path, lang)
            assert len(parsed) > 50, path
            assert read_catalog(path, lang) == parsed, (
                f"{path.with_suffix('.json')} is not {path} compiled: run python -m auditor.i18n"
            )


def test_messages_render_in_vietnamese_with_their_arguments():
    message = Message.of(
        "sshd PermitRootLogin is {value}; allowed: {allowed}", value="yes", allowed=["no"]
    )
    shown = message.render("vi")
    assert "yes" in shown and shown != message.render("en")
    assert translator("en")("no SSH server installed") == "no SSH server installed"
    assert translator("vi")("no SSH server installed") != "no SSH server installed"
