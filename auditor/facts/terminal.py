"""Terminal data facts: files that look like citizens' identity data, browsers' saved logins.

The snippets never print an identity number or a credential: only counts, sizes, paths and a
masked sample (first three and last two digits).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector

MAX_LISTED = 2000
# A Vietnamese citizen identity (CCCD) number: 12 digits, province code 001-096, then a
# century/sex digit 0-3 (born 1900-2099).
CCCD_LINE = "^(00[1-9]|0[1-8][0-9]|09[0-6])[0-3][0-9]{8}$"
NAME_PATTERN = (
    "cccd|cmnd|can[ _.-]?cuoc|cancuoc|chung[ _.-]?minh|scan"
    "|căn[ _.-]?cước|Căn[ _.-]?cước|CĂN[ _.-]?CƯỚC|chứng[ _.-]?minh|Chứng[ _.-]?minh"
)
# A name alone counts for scans and exports, not for text or data files.
NAME_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "heic", "bmp", "gif", "tif", "tiff", "webp", "pdf"}
    | {"xlsx", "xls", "ods", "csv", "docx", "doc", "odt"}
)
EXTENSIONS = " ".join(sorted(NAME_EXTENSIONS | {"tsv", "txt", "json", "xml", "sql"}))

CITIZEN_SCRIPT = f"""
count() {{
  tr -c '0-9' '\\n' | grep -E '{CCCD_LINE}' |
    awk 'NR == 1 {{ s = substr($0, 1, 3) "*******" substr($0, 11, 2) }}
         END {{ if (NR) print NR, s; else print 0, "-" }}'
}}
dirs=""
for d in /home /root /tmp /var/tmp; do [ -d "$d" ] && dirs="$dirs $d"; done
unzip_ok=0; command -v unzip >/dev/null 2>&1 && unzip_ok=1
echo "unzip=$unzip_ok"
[ -n "$dirs" ] || exit 0
set -- ; for e in {EXTENSIONS}; do set -- "$@" -o -iname "*.$e"; done; shift
find $dirs -xdev -maxdepth 6 -type f -size -51200k \\( "$@" \\) 2>/dev/null |
  head -n {MAX_LISTED + 1} | while IFS= read -r f; do
  name=0
  printf '%s\\n' "${{f##*/}}" | grep -Eiq '{NAME_PATTERN}' && name=1
  size=$(stat -c %s "$f" 2>/dev/null || echo 0)
  case "$f" in
    *.[tT][xX][tT]|*.[cC][sS][vV]|*.[tT][sS][vV]|*.[jJ][sS][oO][nN]|*.[xX][mM][lL]|*.[sS][qQ][lL])
      found=$(head -c 10485760 "$f" 2>/dev/null | count) ;;
    *.[xX][lL][sS][xX]|*.[dD][oO][cC][xX])
      if [ "$unzip_ok" = 1 ]; then
        found=$(unzip -p "$f" 'xl/sharedStrings.xml' 'xl/worksheets/*.xml' 'word/document.xml' \\
          2>/dev/null | head -c 20971520 | count)
      else found="? -"; fi ;;
    *) found="- -" ;;
  esac
  n=${{found%% *}}
  if [ "$name" = 1 ] || {{ [ "$n" != 0 ] && [ "$n" != - ] && [ "$n" != "?" ]; }}; then
    printf 'F|%s|%s|%s|%s\\n' "$name" "$found" "$size" "$f"
  fi
done
echo done
"""


@dataclass(frozen=True)
class CitizenFile:
    """A file whose name looks like an ID-card scan or whose content holds CCCD numbers."""

    path: str
    size: int
    name_match: bool
    numbers: int | None  # None: content not scanned (image, pdf, or no unzip)
    sample: str  # masked, e.g. 001*******89


@dataclass(frozen=True)
class CitizenFiles:
    files: tuple[CitizenFile, ...]
    unzip: bool
    complete: bool


@collector("citizen_data_files", CITIZEN_SCRIPT, needs_root=True)
def parse_citizen_data_files(raw: Raw) -> CitizenFiles:
    """Files in homes and temp dirs named like ID-card scans or holding CCCD numbers (counts)."""
    lines = raw.stdout.split("\n")
    if not lines or not lines[0].startswith("unzip="):
        raise FactError("unexpected output of the citizen-data file search")
    found = []
    for line in lines[1:]:
        fields = line.split("|", 4)
        if len(fields) != 5 or fields[0] != "F":
            continue
        count, _, sample = fields[2].partition(" ")
        extension = fields[4].rpartition(".")[2].lower()
        found.append(
            CitizenFile(
                path=fields[4],
                size=int(fields[3]) if fields[3].isdigit() else 0,
                name_match=fields[1] == "1" and extension in NAME_EXTENSIONS,
                numbers=int(count) if count.isdigit() else None,
                sample=sample if sample != "-" else "",
            )
        )
    return CitizenFiles(tuple(found), lines[0] == "unzip=1", "done" in lines)


BROWSER_SCRIPT = """
sqlite_ok=0; command -v sqlite3 >/dev/null 2>&1 && sqlite_ok=1
echo "sqlite3=$sqlite_ok"
for h in /root /home/*; do
  [ -d "$h" ] || continue
  for f in "$h"/.config/*/"Login Data" "$h"/.config/*/*/"Login Data" \\
    "$h"/.config/*/*/"Login Data For Account" "$h"/.config/BraveSoftware/*/*/"Login Data"; do
    [ -f "$f" ] || continue
    size=$(stat -c %s "$f" 2>/dev/null || echo 0)
    n="?"
    if [ "$sqlite_ok" = 1 ]; then
      uri="file:$(printf '%s' "$f" | sed 's/%/%25/g; s/ /%20/g; s/?/%3f/g; s/#/%23/g')?immutable=1"
      n=$(sqlite3 -readonly "$uri" \\
        'SELECT count(*) FROM logins WHERE blacklisted_by_user = 0;' 2>/dev/null ||
        sqlite3 -readonly "$uri" 'SELECT count(*) FROM logins;' 2>/dev/null || echo "?")
    fi
    printf 'L|chromium|%s|%s|%s\\n' "$n" "$size" "$f"
  done
  for f in "$h"/.mozilla/firefox/*/logins.json \\
    "$h"/snap/firefox/common/.mozilla/firefox/*/logins.json; do
    [ -f "$f" ] || continue
    size=$(stat -c %s "$f" 2>/dev/null || echo 0)
    n=$(head -c 20971520 "$f" | grep -o '"hostname":' | wc -l)
    printf 'L|firefox|%s|%s|%s\\n' "$n" "$size" "$f"
  done
done
echo done
"""


@dataclass(frozen=True)
class LoginStore:
    """A browser's saved-password store: how many logins it holds (None: could not count)."""

    browser: str
    path: str
    size: int
    logins: int | None


@dataclass(frozen=True)
class BrowserLogins:
    stores: tuple[LoginStore, ...]
    sqlite3: bool


@collector("browser_logins", BROWSER_SCRIPT, needs_root=True)
def parse_browser_logins(raw: Raw) -> BrowserLogins:
    """Saved-password stores of Chromium-family browsers and Firefox, with their login counts."""
    lines = [x.strip() for x in raw.stdout.split("\n")]
    if not lines or not lines[0].startswith("sqlite3=") or "done" not in lines:
        raise FactError("unexpected output of the browser login search")
    stores = []
    for line in lines[1:]:
        fields = line.split("|", 4)
        if len(fields) == 5 and fields[0] == "L":
            count = fields[2].strip()
            stores.append(
                LoginStore(
                    browser=fields[1],
                    path=fields[4],
                    size=int(fields[3]) if fields[3].isdigit() else 0,
                    logins=int(count) if count.isdigit() else None,
                )
            )
    return BrowserLogins(tuple(stores), lines[0] == "sqlite3=1")
