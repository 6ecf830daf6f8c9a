"""Write the sample documents the citizen_data_files recordings were made from.

Usage: ``python3 make_samples.py DIR`` (standard library only, so that it also runs with the lab
image's python3: the recordings pipe this file into it). Minimal but well-formed OOXML and ODF
containers (zipfile + the XML parts the collector reads) and a hand-made one-page PDF. The
numbers are synthetic: valid CCCD structure (province 001-096, century digit 0-3), no person.

What each file holds, as the recordings must count it:

- ``tiep_nhan_thang_3.xlsx``: 2 numbers (shared strings) + 1 (inline string); 099... (no such
  province), a 10-digit phone number and a 13-digit code do not count.
- ``to_khai_cu_tru.docx``: 3 numbers: one split across two formatted runs, and two in adjacent
  table cells that must not merge into one 24-digit run.
- ``danh_sach_ho_khau.ods``: 3 numbers in adjacent cells. ``bien_ban_xac_minh.odt``: 1.
- ``trinh_chieu_quy_trinh.pptx``: 1. ``xac_nhan_cu_tru.pdf``: 2 (read only with pdftotext).
- ``bao_cao_tong_hop.xlsx``: none (not listed). ``hong.docx``: not a zip (not listed).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

OOXML_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _ooxml(path: Path, main: str, parts: dict[str, str]) -> None:
    types = (
        f'{HEAD}<Types xmlns="{OOXML_TYPES}">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main}" ContentType="application/xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        for name, xml in parts.items():
            z.writestr(name, HEAD + xml)


def _odf(path: Path, mimetype: str, body: str) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", mimetype)  # first and stored, as ODF requires
        content = f"{HEAD}<office:document-content {ODF}><office:body>{body}</office:body>"
        z.writestr("content.xml", content + "</office:document-content>", zipfile.ZIP_DEFLATED)


def xlsx(path: Path, numbers: bool = True) -> None:
    strings = ["Họ và tên", "Số CCCD", "Nguyễn Văn Thử", "Trần Thị Mẫu", "Điện thoại"]
    if numbers:
        strings += ["001099000011", "079301000022", "099301000033", "0912345678", "0011990000445"]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    cells = "".join(f'<c r="{"AB"[i % 2]}{i // 2 + 1}" t="s"><v>{i}</v></c>' for i in range(4))
    inline = '<c r="B9" t="inlineStr"><is><t>031188000044</t></is></c>' if numbers else ""
    _ooxml(
        path,
        "xl/workbook.xml",
        {
            "xl/workbook.xml": f'<workbook xmlns="{S}"><sheets><sheet name="Ho so" sheetId="1"/>'
            "</sheets></workbook>",
            "xl/sharedStrings.xml": f'<sst xmlns="{S}" count="{len(strings)}">{shared}</sst>',
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{S}"><sheetData><row r="1">{cells}'
            f'<c r="C1"><v>12345</v></c></row><row r="9">{inline}</row></sheetData></worksheet>',
        },
    )


def docx(path: Path) -> None:
    split = (
        '<w:p><w:r><w:t xml:space="preserve">Số định danh: </w:t></w:r><w:r><w:t>0360950</w:t>'
        '</w:r><w:r><w:rPr><w:b/><w:sz w:val="24"/></w:rPr><w:t>00055</w:t></w:r></w:p>'
    )
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>001099000066</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>079301000077</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    _ooxml(
        path,
        "word/document.xml",
        {
            "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{split}{table}</w:body>'
            "</w:document>"
        },
    )


def pptx(path: Path) -> None:
    slide = (
        f'<p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r>'
        "<a:t>Ví dụ tra cứu: 001099000088</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>"
        "</p:sld>"
    )
    _ooxml(path, "ppt/slides/slide1.xml", {"ppt/slides/slide1.xml": slide})


def ods(path: Path) -> None:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{n}</text:p></table:table-cell>'
        for n in ("001099000099", "079301000101", "031188000112")
    )
    body = f'<office:spreadsheet><table:table table:name="Ho khau"><table:table-row>{cells}'
    _odf(
        path,
        "application/vnd.oasis.opendocument.spreadsheet",
        body + "</table:table-row></table:table></office:spreadsheet>",
    )


def odt(path: Path) -> None:
    body = (
        "<office:text><text:p>Biên bản xác minh, CCCD số <text:span>036095</text:span>000123"
        "</text:p></office:text>"
    )
    _odf(path, "application/vnd.oasis.opendocument.text", body)


def pdf(path: Path, lines: list[str]) -> None:
    """One A4 page of Helvetica text (a standard font, not embedded)."""
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(out)


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    xlsx(target / "tiep_nhan_thang_3.xlsx")
    xlsx(target / "bao_cao_tong_hop.xlsx", numbers=False)
    docx(target / "to_khai_cu_tru.docx")
    pptx(target / "trinh_chieu_quy_trinh.pptx")
    ods(target / "danh_sach_ho_khau.ods")
    odt(target / "bien_ban_xac_minh.odt")
    pdf(target / "xac_nhan_cu_tru.pdf", ["Xac nhan cu tru", "CCCD: 001099000134", "079301000145"])
    (target / "hong.docx").write_bytes(b"PK\x03\x04 truncated download\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
