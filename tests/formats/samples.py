"""Realistic contact files, written into a directory for tests (formats and import service).

Each ``write_*`` function writes one file and returns its path. The content imitates what
officers receive: localised Outlook exports, Google and Thunderbird CSV, old-phone vCards,
hand-made spreadsheets with title rows. ``write_all`` writes every sample.
"""

from __future__ import annotations

import datetime as dt
import quopri
from pathlib import Path

import openpyxl

CRLF = "\r\n"


def _write_csv(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> Path:
    """Quote like Excel/Outlook do: only cells holding the delimiter, quotes or line breaks."""

    def quote(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = "".join(delimiter.join(quote(c) for c in row) + CRLF for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- Outlook

OUTLOOK_EN_HEADERS = [
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Company",
    "Department",
    "Job Title",
    "Business Street",
    "Business City",
    "Business Postal Code",
    "Business Country/Region",
    "Home City",
    "Home Country/Region",
    "Business Fax",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Mobile Phone",
    "Other Phone",
    "Pager",
    "Categories",
    "E-mail Address",
    "E-mail Type",
    "E-mail Display Name",
    "E-mail 2 Address",
    "E-mail 2 Type",
    "E-mail 2 Display Name",
    "Notes",
    "Web Page",
    "Birthday",
]


def write_outlook_en(directory: Path) -> Path:
    row1 = dict.fromkeys(OUTLOOK_EN_HEADERS, "")
    row1.update({
        "Title": "Mr.", "First Name": "Zeynal", "Last Name": "Hajiyev", "Company": "IOM",
        "Department": "Turkmenistan", "Job Title": "Communications Officer",
        "Business Street": "21 Bitarap Turkmenistan", "Business City": "Ashgabat",
        "Business Country/Region": "Turkmenistan", "Business Phone": "+993 12 48-84-07",
        "Mobile Phone": "+993 65 123456", "Categories": "Press;UN agencies",
        "E-mail Address": "zhajiyev@iom.int", "E-mail Type": "SMTP",
        "E-mail Display Name": "Zeynal Hajiyev (zhajiyev@iom.int)",
        "E-mail 2 Address": "zeynal@example.org", "E-mail 2 Type": "SMTP",
        "Notes": "Met at the launch, 2022.\r\nPrefers e-mail.", "Birthday": "0/0/00",
    })  # fmt: skip
    row2 = dict.fromkeys(OUTLOOK_EN_HEADERS, "")
    row2.update({
        "Title": "Dr", "First Name": "José", "Last Name": "Núñez", "Company": "Café Ltd",
        "Job Title": "Editor", "Home Country/Region": "Spain", "Business Fax": "+34 91 000 0001",
        "E-mail Address": "jnunez@example.es", "Web Page": "https://cafe.example.es",
    })  # fmt: skip
    rows = [OUTLOOK_EN_HEADERS, list(row1.values()), list(row2.values())]
    return _write_csv(directory / "outlook_en.csv", rows, ",", "cp1252")


OUTLOOK_DE_HEADERS = [
    "Anrede",
    "Vorname",
    "Weitere Vornamen",
    "Nachname",
    "Suffix",
    "Firma",
    "Abteilung",
    "Position",
    "Straße geschäftlich",
    "Ort geschäftlich",
    "Land/Region geschäftlich",
    "Fax geschäftlich",
    "Telefon geschäftlich",
    "Telefon geschäftlich 2",
    "Telefon privat",
    "Mobiltelefon",
    "Kategorien",
    "E-Mail-Adresse",
    "E-Mail-Typ",
    "E-Mail: Angezeigter Name",
    "E-Mail 2: Adresse",
    "Notizen",
    "Webseite",
]


def write_outlook_de(directory: Path) -> Path:
    row = dict.fromkeys(OUTLOOK_DE_HEADERS, "")
    row.update({
        "Anrede": "Herr", "Vorname": "Jürgen", "Nachname": "Müller", "Firma": "Straße GmbH",
        "Abteilung": "Presse", "Position": "Pressesprecher", "Ort geschäftlich": "Köln",
        "Land/Region geschäftlich": "Deutschland", "Telefon geschäftlich": "+49 221 123456",
        "Mobiltelefon": "+49 171 1234567", "Kategorien": "Presse",
        "E-Mail-Adresse": "j.mueller@strasse.de", "E-Mail-Typ": "SMTP",
        "E-Mail 2: Adresse": "jm@example.de", "Notizen": "Grüße; bitte „Sie“",
    })  # fmt: skip
    return _write_csv(
        directory / "outlook_de.csv", [OUTLOOK_DE_HEADERS, list(row.values())], ";", "cp1252"
    )


OUTLOOK_FR_HEADERS = [
    "Titre",
    "Prénom",
    "Deuxième prénom",
    "Nom",
    "Suffixe",
    "Société",
    "Service",
    "Fonction",
    "Ville (bureau)",
    "Pays/Région (bureau)",
    "Téléphone (bureau)",
    "Tél. mobile",
    "Télécopie (bureau)",
    "Catégories",
    "Adresse de messagerie",
    "Type de messagerie",
    "Adresse de messagerie 2",
    "Notes",
    "Page Web",
]


def write_outlook_fr(directory: Path) -> Path:
    row = dict.fromkeys(OUTLOOK_FR_HEADERS, "")
    row.update({
        "Titre": "Mme", "Prénom": "Françoise", "Nom": "Lefèvre", "Société": "Société Générale",
        "Service": "Communication", "Fonction": "Chargée de presse", "Ville (bureau)": "Paris",
        "Pays/Région (bureau)": "France", "Téléphone (bureau)": "+33 1 42 00 00 00",
        "Tél. mobile": "+33 6 12 34 56 78", "Catégories": "Presse",
        "Adresse de messagerie": "f.lefevre@example.fr", "Type de messagerie": "SMTP",
    })  # fmt: skip
    return _write_csv(
        directory / "outlook_fr.csv", [OUTLOOK_FR_HEADERS, list(row.values())], ";", "cp1252"
    )


OUTLOOK_RU_HEADERS = [
    "Обращение",
    "Имя",
    "Отчество",
    "Фамилия",
    "Суффикс",
    "Организация",
    "Отдел",
    "Должность",
    "Город (раб. адрес)",
    "Страна или регион (раб. адрес)",
    "Рабочий телефон",
    "Мобильный телефон",
    "Рабочий факс",
    "Категории",
    "Адрес эл. почты",
    "Тип эл. почты",
    "Адрес 2 эл. почты",
    "Заметки",
]


def write_outlook_ru(directory: Path) -> Path:
    row = dict.fromkeys(OUTLOOK_RU_HEADERS, "")
    row.update({
        "Обращение": "Г-н", "Имя": "Довлет", "Отчество": "Ашырович", "Фамилия": "Чарыев",
        "Организация": "МОМ", "Отдел": "Туркменистан", "Должность": "Специалист по связям",
        "Город (раб. адрес)": "Ашхабад", "Страна или регион (раб. адрес)": "Туркменистан",
        "Рабочий телефон": "+993 12 48-84-07", "Мобильный телефон": "+993 65 12-34-56",
        "Категории": "Пресса", "Адрес эл. почты": "dchariyev@iom.int",
        "Тип эл. почты": "SMTP", "Заметки": "Говорит по-английски",
    })  # fmt: skip
    return _write_csv(
        directory / "outlook_ru.csv", [OUTLOOK_RU_HEADERS, list(row.values())], ";", "cp1251"
    )


# --------------------------------------------------------------------------- Google


GOOGLE_NEW_HEADERS = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday",
    "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - City",
    "Address 1 - Country", "Website 1 - Label", "Website 1 - Value",
]  # fmt: skip


def write_google_new(directory: Path) -> Path:
    row = dict.fromkeys(GOOGLE_NEW_HEADERS, "")
    row.update({
        "First Name": "Aigul", "Last Name": "Berdyyeva", "Organization Name": "UNDP",
        "Organization Title": "Press Officer", "Labels": "* myContacts ::: Press ::: * starred",
        "E-mail 1 - Label": "* Work ::: Home",
        "E-mail 1 - Value": "aigul.berdyyeva@undp.org ::: aigul@example.org",
        "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+993 65 123456",
        "Phone 2 - Label": "Work", "Phone 2 - Value": "+993 12 42-52-50",
        "Address 1 - Label": "Work", "Address 1 - Formatted": "Ashgabat\nTurkmenistan",
        "Address 1 - City": "Ashgabat", "Address 1 - Country": "Turkmenistan",
        "Website 1 - Label": "Work", "Website 1 - Value": "https://undp.org",
        "Notes": "Prefers Russian",
    })  # fmt: skip
    rows = [GOOGLE_NEW_HEADERS, list(row.values())]
    return _write_csv(directory / "google_new.csv", rows, ",", "utf-8")


GOOGLE_OLD_HEADERS = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Name Prefix",
    "Name Suffix", "Nickname", "Birthday", "Notes", "Group Membership", "E-mail 1 - Type",
    "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type",
    "Phone 2 - Value", "Organization 1 - Type", "Organization 1 - Name",
    "Organization 1 - Title", "Organization 1 - Department",
]  # fmt: skip


def write_google_old(directory: Path) -> Path:
    row = dict.fromkeys(GOOGLE_OLD_HEADERS, "")
    row.update({
        "Name": "Merdan Annayev", "Given Name": "Merdan", "Family Name": "Annayev",
        "Group Membership": "* My Contacts ::: Journalists",
        "E-mail 1 - Type": "* Other", "E-mail 1 - Value": "merdan@example.tm",
        "Phone 1 - Type": "Mobile ::: Work", "Phone 1 - Value": "+993 65 111111 ::: +993 12 222222",
        "Organization 1 - Name": "Turkmenistan Today", "Organization 1 - Title": "Journalist",
    })  # fmt: skip
    rows = [GOOGLE_OLD_HEADERS, list(row.values())]
    return _write_csv(directory / "google_old.csv", rows, ",", "utf-8")


THUNDERBIRD_HEADERS = [
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email",
    "Secondary Email", "Screen Name", "Work Phone", "Home Phone", "Fax Number",
    "Pager Number", "Mobile Number", "Work City", "Work Country", "Job Title",
    "Department", "Organization", "Web Page 1", "Web Page 2", "Custom 1", "Notes",
]  # fmt: skip


def write_thunderbird(directory: Path) -> Path:
    row = dict.fromkeys(THUNDERBIRD_HEADERS, "")
    row.update({
        "First Name": "Gülälek", "Last Name": "Öwezowa", "Display Name": "Gülälek Öwezowa",
        "Primary Email": "gulalek@example.tm", "Secondary Email": "g.owezowa@example.org",
        "Work Phone": "+993 12 33-33-33", "Mobile Number": "+993 61 444444",
        "Job Title": "Editor", "Organization": "Nebitgaz", "Work Country": "Turkmenistan",
        "Custom 1": "VIP",
    })  # fmt: skip
    rows = [THUNDERBIRD_HEADERS, list(row.values())]
    return _write_csv(directory / "thunderbird.csv", rows, ",", "cp1252")


# --------------------------------------------------------------------------- vCard


def _qp(text: str, prefix: str) -> str:
    """Quoted-printable with soft line breaks, as old phones fold long values."""
    encoded = quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("=\n", "")
    # Break the encoded text at ~70 characters, never inside an =XX triplet.
    lines, line = [], prefix
    i = 0
    while i < len(encoded):
        token = encoded[i : i + 3] if encoded[i] == "=" else encoded[i]
        if len(line) + len(token) > 72:
            lines.append(line + "=")
            line = ""
        line += token
        i += len(token)
    lines.append(line)
    return CRLF.join(lines)


def _qp_structured(parts: list[str], prefix: str) -> str:
    encoded = [
        quopri.encodestring(p.encode("utf-8")).decode("ascii").replace("=\n", "") for p in parts
    ]
    return prefix + ";".join(encoded)


def write_vcard21(directory: Path) -> Path:
    """An old phone's export: QUOTED-PRINTABLE Cyrillic with soft line breaks."""
    cards = [
        [
            "BEGIN:VCARD",
            "VERSION:2.1",
            _qp_structured(
                ["Чарыев", "Довлет", "Ашырович", "", ""],
                "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:",
            ),
            _qp("Довлет Ашырович Чарыев", "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"),
            "TEL;WORK;VOICE:+99312488407",
            "TEL;CELL:+99365123456",
            "EMAIL;PREF;INTERNET:dchariyev@iom.int",
            "EMAIL;INTERNET:dovlet@example.tm",
            _qp("МОМ", "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"),
            "END:VCARD",
        ],
        [
            "BEGIN:VCARD",
            "VERSION:2.1",
            "N:Smith;Anna;;;",
            "FN:Anna Smith",
            "TEL;HOME:+44 20 7946 0000",
            "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0ALine two",
            "END:VCARD",
        ],
    ]
    text = "".join(CRLF.join(card) + CRLF for card in cards)
    path = directory / "phone21.vcf"
    path.write_bytes(text.encode("utf-8"))
    return path


VCARD30 = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 16.0//EN
N:Hajiyev;Zeynal;;Mr.;
FN:Mr. Zeynal Hajiyev
ORG:IOM;Turkmenistan
TITLE:Communications Officer
item1.EMAIL;type=INTERNET;type=pref:zhajiyev@iom.int
item1.X-ABLabel:_$!<Work>!$_
EMAIL;TYPE=INTERNET,HOME:zeynal@example.org
TEL;TYPE=work,voice:+993 12 48-84-07
TEL;TYPE=CELL:+993 65 123456
item2.TEL:+993 12 00-00-01
item2.X-ABLabel:Press office
ADR;TYPE=WORK:;;21 Bitarap Turkmenistan;Ashgabat;;744000;Turkmenistan
CATEGORIES:Press,UN agencies
NOTE:Met at the launch\\, 2022.\\nPrefers e-mail and long notes that an iPhone fo
 lds over two lines.
URL:https://turkmenistan.iom.int
BDAY:1980-05-01
X-SOCIALPROFILE;type=twitter:https://twitter.com/iom
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD
 /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Broken;Card;;;
THIS LINE HAS NO COLON
FN:Broken Card
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ogulgerek Nurmuhammedova
EMAIL:ogulgerek@example.tm
END:VCARD
"""


def write_vcard30(directory: Path) -> Path:
    path = directory / "contacts30.vcf"
    path.write_bytes(VCARD30.replace("\n", CRLF).encode("utf-8"))
    return path


VCARD40 = """BEGIN:VCARD
VERSION:4.0
FN:Aigul Berdyyeva
N:Berdyyeva;Aigul;;;
ORG:UNDP;Communications
TITLE:Press officer
ROLE:Spokesperson
EMAIL;TYPE=work;PREF=1:aigul.berdyyeva@undp.org
EMAIL;TYPE=home:aigul@example.org
TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+99312488407
TEL;VALUE=uri;TYPE=work:tel:+99312425250;ext=204
TEL;VALUE=uri;TYPE="cell":tel:+99365123456
LANG;PREF=1:ru
LANG:tk
ADR;TYPE=work:;;;Ashgabat;;;Turkmenistan
CATEGORIES:Press,Media
END:VCARD
"""


def write_vcard40(directory: Path) -> Path:
    path = directory / "contacts40.vcf"
    path.write_text(VCARD40, encoding="utf-8", newline="\n")
    return path


# --------------------------------------------------------------------------- spreadsheets

OFFICER_HEADERS = [
    "№", "ФИО", "Организация", "Должность", "Эл. почта", "Телефон", "Страна",
    "Дата встречи",
]  # fmt: skip
OFFICER_ROWS: list[list[object]] = [
    [1, "CHARIYEV Dovlet", "IOM", "Communications Officer",
     "dchariyev@iom.int; dovlet.ch@gmail.com", 99312488407, "Туркменистан",
     dt.datetime(2022, 12, 9)],
    [2, "Berdyyeva Aigul", None, "Press Officer", "aberdyyeva@iom.int",
     "+993 65 123456 / +993 12 488407", "Туркменистан", None],
    [3, "Mr. Zeynal Hajiyev", "UNDP", "Spokesperson",
     "zeynal.hajiyev@undp.org,\nz.hajiyev@gmail.com", 99365654321, "Азербайджан", None],
    None,
    [4, "Чарыев Довлет Ашырович", "МОМ", "Специалист", "d@iom.int\nd2@iom.int",
     "+99312 48-84-07\n+99365 12-34-56", "Туркменистан", None],
]  # fmt: skip
"""Data rows of the officer's sheet, starting on row 5 (None = a blank row)."""


def write_officer_xlsx(directory: Path, trailing_blank_rows: int = 50) -> Path:
    """An officer's own list: "Notes" sheet first, title rows, header on row 4."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["How to use this list"])
    notes.append(["Keep one person per row. Send updates to the press unit."])
    sheet = book.create_sheet("Контакты")
    sheet["A1"] = "Список контактных лиц (focal points)"
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "Обновлено: 09.12.2022"
    sheet.append([])  # row 3 stays blank
    sheet.append(OFFICER_HEADERS)  # row 4
    for row in OFFICER_ROWS:
        sheet.append(row or [])
    sheet.merge_cells("C5:C6")  # one organisation for two people
    last = 4 + len(OFFICER_ROWS)
    for offset in range(trailing_blank_rows):
        sheet.cell(row=last + 1 + offset, column=2, value=" " if offset % 2 else "")
    path = directory / "officer.xlsx"
    book.save(path)
    return path


def write_officer_ods(directory: Path) -> Path:
    """The same list saved by LibreOffice Calc (no title rows, header on row 1)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Focal points")

    def add(values: list[object]) -> None:
        row = TableRow()
        for value in values:
            if isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                for i, line in enumerate(str(value or "").split("\n")):
                    if value or i:
                        cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)

    add(["Name", "Organization", "E-mail", "Phone", "Country"])
    add(["CHARIYEV Dovlet", "IOM", "dchariyev@iom.int", 99312488407, "Turkmenistan"])
    add(["", "", "", "", ""])
    add(["Aigul Berdyyeva", "UNDP", "aigul@undp.org", "+993 65 123456", "Туркменистан"])
    document.spreadsheet.addElement(table)
    path = directory / "officer.ods"
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- plain CSV

PLAIN_TEXT = {
    "utf-8-sig": [["Name", "Organization", "E-mail", "Phone", "Country"],
                  ["CHARIYEV Dovlet", "IOM", "d@iom.int", "+993 12 48-84-07", "Туркменистан"],
                  ["José Núñez", "Café, Ltd", "j@x.es", "+34 91 000", "España"]],
    "utf-16": [["ФИО", "Организация", "Эл. почта", "Телефон", "Страна"],
               ["Чарыев Довлет", "МОМ", "d@iom.int", "+993 12 48-84-07", "Туркменистан"],
               ["Zoë Françoise", "Société", "z@x.fr", "+33 1 00", "France"]],
    "cp1251": [["ФИО", "Организация", "Эл. почта", "Телефон", "Страна"],
               ["Чарыев Довлет Ашырович", "Международная организация по миграции",
                "d@iom.int", "+993 12 48-84-07", "Туркменистан"],
               ["Бердыева Айгуль", "Программа развития ООН", "a@undp.org", "+993 65 12",
                "Туркменистан"]],
    "cp1252": [["Nombre", "Apellidos", "Organización", "Correo electrónico", "Teléfono", "País"],
               ["José", "Núñez", "Café Ltd", "j@x.es", "+34 91 000", "España"],
               ["Jürgen", "Müller", "Straße GmbH", "j@x.de", "+49 221", "Deutschland"]],
    "iso8859_2": [["Imię i nazwisko", "Organizacja", "E-mail", "Telefon", "Kraj"],
                  ["Łukasz Wójcik", "Urząd Miasta Łodzi", "l@x.pl", "+48 42 000", "Polska"],
                  ["Agnieszka Świątek", "Ośrodek Pomocy Społecznej", "a@y.pl", "+48 22",
                   "Polska"],
                  ["Zdeněk Dvořák", "Město Brno", "z@brno.cz", "+420 5", "Česko"]],
}  # fmt: skip


def write_plain_csv(directory: Path, encoding: str, delimiter: str) -> Path:
    """A small hand-made table in ``encoding`` with ``delimiter``."""
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
    path = directory / f"plain_{encoding}_{names[delimiter]}.csv"
    return _write_csv(path, PLAIN_TEXT[encoding], delimiter, encoding)


def write_excel_unicode_text(directory: Path) -> Path:
    """Excel's "Unicode text" (.txt): UTF-16 LE with BOM, tab-delimited."""
    return _write_csv(directory / "unicode.txt", PLAIN_TEXT["utf-16"], "\t", "utf-16")


def write_title_rows_csv(directory: Path) -> Path:
    """Title rows and a blank line above the header; a quoted cell over two lines; blanks."""
    rows = [
        ["Press contacts — Ashgabat", "", ""],
        ["Updated 9 December 2022", "", ""],
        ["", "", ""],
        ["Full name", "Email", "Mobile"],
        ["CHARIYEV Dovlet", "a@iom.int\nb@iom.int", "+993 65 123456"],
        ["", "", ""],
        ["  ", " ", ""],
        ["Aigul Berdyyeva", '=HYPERLINK("http://evil")', "@SUM(1+1)"],
    ]
    return _write_csv(directory / "title_rows.csv", rows, ",", "utf-8")


def write_excel_sep_csv(directory: Path) -> Path:
    path = directory / "excel_sep.csv"
    path.write_bytes(b"sep=;\r\nName;Email\r\nA, B;a@b.org\r\n")
    return path


def write_all(directory: Path) -> dict[str, Path]:
    """Write every sample into ``directory``; keys are short names."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "outlook_en": write_outlook_en(directory),
        "outlook_de": write_outlook_de(directory),
        "outlook_fr": write_outlook_fr(directory),
        "outlook_ru": write_outlook_ru(directory),
        "google_new": write_google_new(directory),
        "google_old": write_google_old(directory),
        "thunderbird": write_thunderbird(directory),
        "vcard21": write_vcard21(directory),
        "vcard30": write_vcard30(directory),
        "vcard40": write_vcard40(directory),
        "officer_xlsx": write_officer_xlsx(directory),
        "officer_ods": write_officer_ods(directory),
        "unicode_txt": write_excel_unicode_text(directory),
        "title_rows": write_title_rows_csv(directory),
        "excel_sep": write_excel_sep_csv(directory),
    }
    for encoding in PLAIN_TEXT:
        for delimiter in (",", ";", "\t", "|"):
            path = write_plain_csv(directory, encoding, delimiter)
            paths[path.stem] = path
    return paths
