"""Translations: gettext catalogs (``auditor/locale/<lang>.po``, kept with Babel) for every
string a person reads. English is the language of the source; other languages translate it.
Each catalog is read at run time from its compiled form beside it (``<lang>.json``).

The strings are found in the source, not listed by hand: the message templates of
``passed``/``failed``/``errored``/``skipped`` and ``Message.of`` calls, the templates of errors
(``UsageError``, ``SignatureError``, ``Invalid``, ``problem``, a document's ``at``), of the
CLI's ``say`` and of ``N_`` (a template used elsewhere), every ``_("...")`` call (``_`` is
always the translator of the language at hand: ``_ = translator(lang)``), and ``_("...")`` in
the report templates. ``python -m auditor.i18n`` brings the catalogs up to date with the
source, keeping what is translated, and compiles them; a test fails while a string lacks a
translation, another while a compiled catalog differs from its .po, and another while a marked
call's template is not a literal whose fields are its arguments.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from auditor.resources import builtin_dir

LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = ("vi", "en")
LANG_ENV = "AUDITOR_LANG"  # the language of a command that is not given --lang
TRANSLATED = ("vi",)
VERDICTS = frozenset({"passed", "failed", "errored", "skipped"})


def env_lang() -> str:
    """The language of ``$AUDITOR_LANG``, else Vietnamese."""
    chosen = os.environ.get(LANG_ENV, "")
    return chosen if chosen in LANGS else "vi"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / f"{lang}.po"


def parse_catalog(path: Path, lang: str) -> dict[str, str]:
    """A .po catalog's translations by English text (by the singular, for a plural entry),
    fuzzy or empty entries left out; empty for an untranslated language or a missing file."""
    if lang not in TRANSLATED or not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # the catalogs' upkeep needs Babel

    with path.open("rb") as f:
        po = read_po(f, locale=lang)
    found = {}
    for m in po:
        text = m.string[0] if isinstance(m.string, tuple) else m.string
        if m.id and text and not m.fuzzy:
            found[m.id[0] if isinstance(m.id, tuple) else m.id] = text
    return found


def compiled_path(path: Path) -> Path:
    """Where the catalog ``path`` (a .po) is kept compiled: its translations as JSON."""
    return path.with_suffix(".json")


def compile_catalog(path: Path, lang: str) -> None:
    """Write :func:`parse_catalog`'s translations of ``path`` beside it, as JSON, which reads
    in a millisecond where Babel takes a tenth of a second to parse the .po."""
    found = parse_catalog(path, lang)
    text = json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True)
    compiled_path(path).write_text(text + "\n", encoding="utf-8")


def read_catalog(path: Path, lang: str) -> dict[str, str]:
    """The translations of the catalog ``path`` (a .po), from its compiled form; empty for an
    untranslated language or a catalog not compiled."""
    compiled = compiled_path(path)
    if lang not in TRANSLATED or not compiled.is_file():
        return {}
    found: dict[str, str] = json.loads(compiled.read_text(encoding="utf-8"))
    return found


@cache
def catalog(lang: str) -> dict[str, str]:
    """Translated strings of ``lang`` by English text."""
    return read_catalog(catalog_path(lang), lang)


def translator(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: the translation of a string, or the string itself. The catalog is
    read when the first string is translated, not before (a scan's hosts start meanwhile)."""
    return lambda text: catalog(lang).get(text, text)


# Calls whose argument at this position is a template: errors, refused values, problems.
TEMPLATE_CALLS = {
    "UsageError": 0, "SignatureError": 0, "Invalid": 0, "problem": 1, "at": 1, "say": 1, "N_": 0,
    "JobRefused": 0, "JobsLost": 0, "StoppedBeforeStore": 0,
}  # fmt: skip


def N_(text: str) -> str:
    """Mark ``text`` as a template to translate where it is used, not here."""
    return text


def template_arg(node: ast.Call) -> int | None:
    """Where the template is among the call's arguments, if the call is marked."""
    func = node.func
    if isinstance(func, ast.Name):
        if func.id in VERDICTS or func.id == "_":
            return 0
        return TEMPLATE_CALLS.get(func.id)
    if isinstance(func, ast.Attribute):
        if func.attr == "of" and isinstance(func.value, ast.Name) and func.value.id == "Message":
            return 0
        return TEMPLATE_CALLS.get(func.attr)
    return None


def python_strings(path: Path) -> Iterator[tuple[str, int]]:
    """(string, line) of every marked call of a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        index = template_arg(node)
        if index is not None and len(node.args) > index:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value, node.lineno


def template_strings(path: Path) -> Iterator[tuple[str, int]]:
    """(string, line) of every ``_("...")`` of a Jinja template."""
    from jinja2 import Environment  # the catalogs' upkeep needs Jinja; translating does not

    env = Environment(extensions=["jinja2.ext.i18n"])
    for line, _func, message in env.extract_translations(path.read_text(encoding="utf-8")):
        if isinstance(message, str):
            yield message, line


def source_strings() -> dict[str, list[str]]:
    """Every string to translate, with where it is used (``path:line``)."""
    package = Path(__file__).parent
    engine = [p for p in package.rglob("*.py") if "_builtin" not in p.relative_to(package).parts]
    checks = builtin_dir("checks").rglob("*.py")
    found: dict[str, list[str]] = {}
    for path in sorted([*engine, *checks]):
        for text, line in python_strings(path):
            found.setdefault(text, []).append(f"{path.parent.name}/{path.name}:{line}")
    for path in sorted(builtin_dir("reports").glob("*.j2")):
        for text, line in template_strings(path):
            found.setdefault(text, []).append(f"reports/{path.name}:{line}")
    return found


def update_catalog(lang: str) -> tuple[int, int]:
    """Bring ``lang``'s catalog up to date with the source: new strings are added empty,
    strings no longer used are dropped, translations are kept. (added, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = catalog_path(lang)
    old: dict[str, str] = {}
    if path.is_file():
        with path.open("rb") as f:
            old = {m.id: m.string for m in read_po(f, locale=lang) if m.id}  # type: ignore[misc]
    po = Catalog(locale=lang, project="auditor", domain="auditor")
    strings = source_strings()
    for text in sorted(strings):
        places = [(w.rpartition(":")[0], int(w.rpartition(":")[2])) for w in strings[text][:3]]
        po.add(text, old.get(text, ""), locations=places)
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, po, width=100, sort_output=True, omit_header=True)
    added = len(set(strings) - set(old))
    return added, sum(1 for text in strings if not old.get(text))


if __name__ == "__main__":
    from auditor import click_i18n

    for lang in TRANSLATED:
        added, missing = update_catalog(lang)
        print(f"{catalog_path(lang)}: {added} new, {missing} untranslated", file=sys.stderr)
        added, missing = click_i18n.update_catalog(lang)
        print(
            f"{click_i18n.catalog_path(lang)}: {added} new, {missing} untranslated", file=sys.stderr
        )
        for path in (catalog_path(lang), click_i18n.catalog_path(lang)):
            compile_catalog(path, lang)
