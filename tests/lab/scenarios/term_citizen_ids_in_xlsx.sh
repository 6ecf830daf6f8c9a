#!/bin/sh
# scenario: a terminal keeps a spreadsheet (.xlsx) listing citizen identity numbers
# role: terminal
# expect-fail: citizen_id_files
# verify: unzip -p "$(getent passwd "$LAB_USER" | cut -d: -f6)/Documents/tiep_nhan_ho_so_thang_3.xlsx" xl/sharedStrings.xml | grep -q '<t>079301000022</t>'
# The file's name gives nothing away: only its content (shared strings, as Excel and LibreOffice
# write text cells) holds the numbers, so only reading the workbook finds them. A minimal but
# well-formed workbook made with python3's zipfile. The numbers are synthetic: valid CCCD
# structure (province 001/079, century digit), no person.
home=$(getent passwd "$LAB_USER" | cut -d: -f6)
group=$(id -gn "$LAB_USER")
mkdir -p "$home/Documents"
python3 - "$home/Documents/tiep_nhan_ho_so_thang_3.xlsx" <<'PY'
import sys, zipfile

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
strings = ["Họ và tên", "Số CCCD", "Nguyễn Văn Thử", "001099000011", "Trần Thị Mẫu", "079301000022"]
cells = "".join(
    f'<row r="{r + 1}"><c r="A{r + 1}" t="s"><v>{2 * r}</v></c>'
    f'<c r="B{r + 1}" t="s"><v>{2 * r + 1}</v></c></row>'
    for r in range(3)
)
parts = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "xl/workbook.xml": f'<workbook xmlns="{S}"><sheets><sheet name="Tiep nhan" sheetId="1"/>'
    "</sheets></workbook>",
    "xl/sharedStrings.xml": f'<sst xmlns="{S}">'
    + "".join(f"<si><t>{s}</t></si>" for s in strings)
    + "</sst>",
    "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{S}"><sheetData>{cells}</sheetData></worksheet>',
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, xml in parts.items():
        z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
PY
chown -R "$LAB_USER:$group" "$home/Documents"
