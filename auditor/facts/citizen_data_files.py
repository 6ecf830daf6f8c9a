"""Files in homes and temp directories named like ID-card scans or holding CCCD numbers.

Text files are read as they are, many by one awk (up to :data:`BATCH_FILES` of them, about
``max_bytes`` in all; one larger than ``max_bytes`` alone), so that a walk of thousands of files
starts few processes; the walk itself names each file's size and awk its type and whether its
name matches. The text of OOXML (.xlsx, .docx, .pptx) and ODF (.ods, .odt, .odp) files is
streamed out of the zip container with ``unzip -p`` or, without unzip, Python's zipfile module;
PDF text comes from ``pdftotext``. A type whose tool the host lacks is reported as not
examined. Nothing is written on the host, and no identity number leaves it: the snippet
prints counts and masked samples (first three and last two digits) only.

The bounds are the collector's options, which the check's parameters set (defaults in
:data:`BOUNDS`): at most ``max_files`` files, the first ``max_bytes`` bytes of each file's text,
a walk of ``walk_seconds`` seconds and ``file_seconds`` seconds per file (when ``timeout``
exists); the fact says which bound was hit. Only directories on local file systems are walked.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, whole_number

BOUNDS = {
    "max_files": 2000,
    "max_bytes": 10 * 1024 * 1024,
    "walk_seconds": 80,  # within the runner's 120 s per collector, leaving room for the last file
    "file_seconds": 15,
}
MAX_SAMPLES = 3
# A Vietnamese citizen identity (CCCD) number has 12 digits: province code 001-096, then a
# century/sex digit 0-3 (born 1900-2099); the snippet checks the length apart (mawk has no {n}).
CCCD_PREFIX = "^(00[1-9]|0[1-8][0-9]|09[0-6])[0-3]"
NAME_PATTERN = (
    "cccd|cmnd|can[ _.-]?cuoc|cancuoc|chung[ _.-]?minh|scan"
    "|căn[ _.-]?cước|Căn[ _.-]?cước|CĂN[ _.-]?CƯỚC|chứng[ _.-]?minh|Chứng[ _.-]?minh"
)
# A name alone counts for scans and exports, not for text or data files.
NAME_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "heic", "bmp", "gif", "tif", "tiff", "webp", "pdf"}
    | {"xlsx", "xls", "ods", "csv", "docx", "doc", "odt"}
)
TEXT_TYPES = ("txt", "csv", "tsv", "json", "xml", "sql")
# The zip members holding a document's text, by type.
ZIP_MEMBERS = {
    "xlsx": "xl/sharedStrings.xml xl/worksheets/*.xml",
    "docx": "word/document.xml word/header*.xml word/footer*.xml",
    "pptx": "ppt/slides/*.xml",
    "ods": "content.xml",
    "odt": "content.xml",
    "odp": "content.xml",
}
EXTENSIONS = " ".join(sorted(NAME_EXTENSIONS | set(TEXT_TYPES) | set(ZIP_MEMBERS)))
# Closing or empty elements that end a paragraph, a cell or a run of text: a number never spans
# them. Any other tag (runs, spans, formatting) is dropped, so a number split across runs holds.
XML_BREAKS = (
    "^<(\\/(w:p|w:tc|si|c|is|a:p|a:tc|text:p|text:h|table:table-cell|row)$"
    "|(w:tab|w:br|w:cr|a:br|text:tab|text:s|text:line-break)([ \\/]|$))"
)
# The zipfile fallback: named members (fnmatch patterns) to stdout, at most max_bytes + 1 bytes.
ZIP_PYTHON = (
    "import fnmatch, sys, zipfile\n"
    "left = int(sys.argv[1]); out = sys.stdout.buffer\n"
    "with zipfile.ZipFile(sys.argv[2]) as z:\n"
    "    for i in z.infolist():\n"
    "        if left > 0 and any(fnmatch.fnmatchcase(i.filename, p) for p in sys.argv[3:]):\n"
    "            with z.open(i) as m:\n"
    "                while left > 0:\n"
    "                    d = m.read(min(65536, left))\n"
    "                    if not d:\n"
    "                        break\n"
    "                    out.write(d); left -= len(d)\n"
)

ZIP_CASES = "\n".join(
    f'    {kind}) set -- "$2" {" ".join(repr(m) for m in members.split())} ;;'
    for kind, members in ZIP_MEMBERS.items()
)
# The name pattern as awk takes it from a name put in lower case: awk's tolower, like grep -i
# with LC_ALL=C, folds ASCII letters only, so only those of the pattern are folded.
NAME_AWK = "".join(c.lower() if c.isascii() else c for c in NAME_PATTERN)
# What find prints ("SIZE PATH") as the loop reads it: "KIND NAME SIZE PATH", KIND the extension
# in lower case and NAME 1 when the file's name matches; the walk's ":walk STATUS" passed on.
CLASSIFY = (
    'index($0, ":walk ") == 1 { print; next } '
    "match($0, /^[0-9]+ \\//) { size = substr($0, 1, RLENGTH - 2); p = substr($0, RLENGTH); "
    'base = p; sub(/.*\\//, "", base); kind = tolower(base); sub(/.*\\./, "", kind); '
    f"print kind, (tolower(base) ~ /{NAME_AWK}/ ? 1 : 0), size, p }}"
)
# Counting CCCD numbers in text, line by line (take), XML text when xml is 1: found() gives
# "<numbers> <1: the text went past max bytes> <masked samples>" and starts the next count.
COUNT_AWK = f"""
    function flush(   n, i, p, m) {{
      n = split(buf, parts, /[^0-9]+/)
      for (i = 1; i <= n; i++) {{
        p = parts[i]
        if (length(p) == 12 && p ~ /{CCCD_PREFIX}/) {{
          c++
          m = substr(p, 1, 3) "*******" substr(p, 11, 2)
          if (k < {MAX_SAMPLES} && !(m in seen)) {{ seen[m] = 1; s = s (k++ ? "," : "") m }}
        }}
      }}
      buf = ""
    }}
    function take(l,   i) {{
      b += length(l) + 1
      if (xml != 1) {{ buf = l; flush(); return }}
      i = index(l, "<")
      if (i == 0) {{ buf = buf l; flush(); return }}
      buf = buf substr(l, 1, i - 1)
      if (substr(l, i) ~ /{XML_BREAKS}/) flush()
    }}
    function found(   r) {{
      flush(); r = sprintf("%d %d %s", c, (b > max), (k ? s : "-"))
      c = b = k = 0; s = ""; split("", seen)
      return r
    }}"""
# Text files no larger than max bytes, counted by one awk: each argument is "NAME SIZE PATH".
BATCH_AWK = (
    COUNT_AWK
    + """
    BEGIN {
      for (a = 1; a < ARGC; a++) {
        e = ARGV[a]; name = substr(e, 1, 1); e = substr(e, 3)
        size = substr(e, 1, index(e, " ") - 1); p = substr(e, index(e, " ") + 1)
        while ((getline l < p) > 0) { take(l); if (b > max) break }
        close(p); r = found()
        if (name == 1 || r != "0 0 -") printf "F|%s|%s|%s|%s\\n", name, r, size, p
      }
    }"""
)
# Text files counted together: at most this many per awk, and about max bytes of them.
BATCH_FILES = 200

SCRIPT = f"""
t=""; w=""; timeout_ok=0
if command -v timeout >/dev/null 2>&1; then
  t="timeout $file_seconds"; w="timeout $walk_seconds"; timeout_ok=1
fi
unzip_ok=0; command -v unzip >/dev/null 2>&1 && unzip_ok=1
python_ok=0
command -v python3 >/dev/null 2>&1 && python3 -B -I -c 'import fnmatch, zipfile' 2>/dev/null &&
  python_ok=1
pdf_ok=0; command -v pdftotext >/dev/null 2>&1 && pdf_ok=1
echo "tools unzip=$unzip_ok python3=$python_ok pdftotext=$pdf_ok timeout=$timeout_ok"
echo "limits files=$max_files bytes=$max_bytes seconds=$walk_seconds"
PY='{ZIP_PYTHON}'
COUNT='{COUNT_AWK}
    {{ take($0) }} END {{ print found() }}'
BATCH='{BATCH_AWK}'
# count XML (1: the input is XML): what found() says of standard input
count() {{ awk -v xml="$1" -v max="$max_bytes" "$COUNT"; }}
# texts "NAME SIZE PATH"...: the F| line of each text file with numbers or a matching name
texts() {{ awk -v xml=0 -v max="$max_bytes" "$BATCH" "$@"; }}
# unzipped KIND FILE: the XML parts of the document's text
unzipped() {{
  case "$1" in
{ZIP_CASES}
  esac
  if [ "$unzip_ok" = 1 ]; then $t unzip -p "$@" 2>/dev/null
  else $t python3 -B -I -c "$PY" $((max_bytes + 1)) "$@" 2>/dev/null; fi
}}
# now: _now, the seconds of the clock the walk's time bound is read on, without a process
# where /proc/uptime can be read
now() {{
  _now=""
  [ -r /proc/uptime ] && read -r _now _ < /proc/uptime && _now=${{_now%%.*}}
  [ -n "$_now" ] || _now=$(date +%s 2>/dev/null) || _now=""
}}
dirs=$(local_dirs /home /root /tmp /var/tmp)
[ -n "$dirs" ] || {{ echo "examined 0"; echo done; exit 0; }}
set -- ; for e in {EXTENSIONS}; do set -- "$@" -o -iname "*.$e"; done; shift
now; start=$_now
{{ $w find $dirs -xdev -maxdepth 6 -type f -size -51200k \\( "$@" \\) -printf '%s %p\\n' 2>/dev/null
  echo ":walk $?"; }} | awk '{CLASSIFY}' | {{
  n=0; held=0; set --
  while IFS=' ' read -r kind name size f; do
    case "$kind" in
      :walk) [ "$name" = 124 ] && echo "limit time"; continue ;;
    esac
    if [ "$n" -ge "$max_files" ]; then echo "limit files"; break; fi
    now
    if [ -n "$start" ] && [ $((_now - start)) -ge "$walk_seconds" ]; then
      echo "limit time"; break
    fi
    n=$((n + 1))
    found=skip
    case "$kind" in
      {"|".join(TEXT_TYPES)})
        if [ "$size" -le "$max_bytes" ]; then
          set -- "$@" "$name $size $f"; held=$((held + size))
          if [ $# -ge {BATCH_FILES} ] || [ "$held" -ge "$max_bytes" ]; then
            texts "$@"; set --; held=0
          fi
          continue
        fi
        found=$(head -c $((max_bytes + 1)) "$f" 2>/dev/null | count 0) ;;
      {"|".join(ZIP_MEMBERS)})
        if [ "$unzip_ok$python_ok" = 00 ]; then found="none"
        else
          found=$(unzipped "$kind" "$f" | head -c $((max_bytes + 1)) | tr '>' '\\n' | count 1)
        fi ;;
      pdf)
        if [ "$pdf_ok" = 1 ]; then
          found=$($t pdftotext -q "$f" - 2>/dev/null | head -c $((max_bytes + 1)) | count 0)
        else found="none"; fi ;;
    esac
    case "$found" in
      skip|"0 0 -") keep=$name ;;
      *) keep=1 ;;
    esac
    [ "$keep" = 1 ] && printf 'F|%s|%s|%s|%s\\n' "$name" "$found" "$size" "$f"
  done
  [ $# -eq 0 ] || texts "$@"
  echo "examined $n"
}}
echo done
"""


@dataclass(frozen=True)
class CitizenFile:
    """A file whose name looks like an ID-card scan, whose content holds CCCD numbers, or
    whose content this host cannot read (its type's tool is missing) or read only in part."""

    path: str
    kind: str  # the extension, lower case: csv, xlsx, pdf, jpg...
    size: int
    name_match: bool
    numbers: int | None  # None: content not read (an image, or the type's tool is missing)
    samples: tuple[str, ...]  # masked, e.g. 001*******89
    no_tool: bool = False  # the content could have been read with a tool the host lacks
    truncated: bool = False  # only the first max_bytes bytes of its text were read


@dataclass(frozen=True)
class CitizenFiles:
    files: tuple[CitizenFile, ...]
    zip_reader: str  # "unzip", "python3" or "" (OOXML/ODF contents not examined)
    pdftotext: bool
    examined: int  # files the walk looked at
    max_files: int
    max_bytes: int
    seconds: int
    hit_files: bool  # the walk stopped at max_files
    hit_time: bool  # the walk stopped at its time limit
    complete: bool  # the snippet ran to its end

    @property
    def partial(self) -> bool:
        return self.hit_files or self.hit_time or not self.complete


def _flags(line: str, word: str) -> dict[str, str]:
    head, *pairs = line.split() or [""]
    if head != word or not all("=" in p for p in pairs):
        raise FactError("unexpected output of the citizen-data file search")
    return dict(p.split("=", 1) for p in pairs)


def _file(fields: list[str]) -> CitizenFile:
    _, name, found, size, path = fields
    kind = path.rpartition("/")[2].rpartition(".")[2].lower()
    parts = found.split(" ")
    numbers = whole_number(parts[0]) if len(parts) == 3 else None
    return CitizenFile(
        path=path,
        kind=kind,
        size=whole_number(size) or 0,
        name_match=name == "1" and kind in NAME_EXTENSIONS,
        numbers=numbers,
        samples=tuple(parts[2].split(",")) if numbers and parts[2] != "-" else (),
        no_tool=found == "none",
        truncated=numbers is not None and parts[1] == "1",
    )


@collector("citizen_data_files", SCRIPT, needs_root=True, options=BOUNDS, cost=20)
def parse_citizen_data_files(raw: Raw) -> CitizenFiles:
    """Files in homes and temp dirs named like ID-card scans or holding CCCD numbers (counts)."""
    lines = raw.stdout.split("\n")
    if len(lines) < 2:
        raise FactError("unexpected output of the citizen-data file search")
    tools, limits = _flags(lines[0], "tools"), _flags(lines[1], "limits")
    found, examined, hit = [], 0, set()
    for line in lines[2:]:
        fields = line.split("|", 4)
        if len(fields) == 5 and fields[0] == "F":
            found.append(_file(fields))
        elif line.startswith("limit "):
            hit.add(line.split()[1])
        elif (
            line.startswith("examined ") and (n := whole_number(line.split(" ", 2)[1])) is not None
        ):
            examined = n
    reader = (
        "unzip" if tools.get("unzip") == "1" else "python3" if tools.get("python3") == "1" else ""
    )
    try:
        max_files, max_bytes, seconds = (int(limits[k]) for k in ("files", "bytes", "seconds"))
    except (KeyError, ValueError) as exc:
        raise FactError("unexpected bounds line of the citizen-data file search") from exc
    return CitizenFiles(
        files=tuple(found),
        zip_reader=reader,
        pdftotext=tools.get("pdftotext") == "1",
        examined=examined,
        max_files=max_files,
        max_bytes=max_bytes,
        seconds=seconds,
        hit_files="files" in hit,
        hit_time="time" in hit,
        complete="done" in lines,
    )
