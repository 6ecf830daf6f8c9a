"""The ``browser_logins`` fact: saved-password stores of Chromium-family browsers and Firefox, with
their login counts."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, whole_number

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
                    size=whole_number(fields[3]) or 0,
                    logins=whole_number(count),
                )
            )
    return BrowserLogins(tuple(stores), lines[0] == "sqlite3=1")
