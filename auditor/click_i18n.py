"""Click's own messages (usage lines, option errors, help headings) in the user's language.

Click marks them for gettext; this module keeps their Vietnamese in
``auditor/locale/click-<lang>.po`` (extracted from the installed click with Babel) and, before
the command line is parsed, points click's ``_`` and ``ngettext`` at that catalog. A message a
newer click adds stays English until the catalog is brought up to date.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from auditor.i18n import LANGS, LOCALE_DIR, env_lang, read_catalog

# Click's modules that translate their messages with module-level ``_`` and ``ngettext``.
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")

Msgid = str | tuple[str, str]


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / f"click-{lang}.po"


@cache
def catalog(lang: str) -> dict[str, str]:
    """Click's messages translated in ``lang``, by English singular."""
    return read_catalog(catalog_path(lang), lang)


def install(lang: str) -> None:
    """Click's messages in ``lang`` from now on (English: click's own). The catalog is read
    when click first translates a message: most commands never print one of click's."""

    def gettext(message: str) -> str:
        return catalog(lang).get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return catalog(lang).get(singular) or (singular if n == 1 else plural)

    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def startup_lang(argv: Sequence[str]) -> str:
    """The language of a command line before click parses it: its ``--lang`` (the first one),
    else ``$AUDITOR_LANG``, else Vietnamese."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGS:
            return arg.removeprefix("--lang=")
    return env_lang()


def click_strings() -> dict[Msgid, str]:
    """Every message the installed click marks, with where (``click/file:line``)."""
    import click
    from babel.messages.extract import extract_from_dir

    found: dict[Msgid, str] = {}
    keywords = {"_": None, "ngettext": (1, 2)}
    source = Path(click.__file__).parent
    for name, line, message, _comments, _context in extract_from_dir(
        source, method_map=[("**.py", "python")], keywords=keywords
    ):
        found.setdefault(message, f"click/{name}:{line}")
    return found


def update_catalog(lang: str) -> tuple[int, int]:
    """Bring ``click-<lang>.po`` up to date with the installed click, keeping translations.
    (added, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = catalog_path(lang)
    old: dict[Msgid, str] = {}
    if path.is_file():
        with path.open("rb") as f:
            for m in read_po(f, locale=lang):
                if m.id:
                    old[m.id] = m.string[0] if isinstance(m.string, tuple) else m.string
    po = Catalog(locale=lang, project="auditor", domain="click")
    strings = click_strings()
    for message, where in strings.items():
        text = old.get(message, "")
        place = [(where.rpartition(":")[0], int(where.rpartition(":")[2]))]
        po.add(message, (text,) if isinstance(message, tuple) else text, locations=place)
    with path.open("wb") as f:
        write_po(f, po, width=100, sort_output=True, omit_header=True)
    added = len(set(strings) - set(old))
    return added, sum(1 for m in strings if not old.get(m))
