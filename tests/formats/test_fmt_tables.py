import codecs
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import samples
import xlwt

from pressdesk.formats.tables import SourceError, read_table, sniff


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("outlook_en", "cp1252", ","),
        ("outlook_de", "cp1252", ";"),
        ("outlook_fr", "cp1252", ";"),
        ("outlook_ru", "cp1251", ";"),
        ("google_new", "utf-8", ","),
        ("google_old", "utf-8", ","),
        ("thunderbird", "cp1252", ","),
        ("unicode_txt", "utf-16", "\t"),
        ("title_rows", "utf-8", ","),
        ("excel_sep", "utf-8", ";"),
    ],
)
def test_sniff_detects_encoding_and_delimiter(sample_files, name, encoding, delimiter):
    info = sniff(sample_files[name])
    assert (info.format, info.encoding, info.delimiter) == ("csv", encoding, delimiter)


@pytest.mark.parametrize("encoding", list(samples.PLAIN_TEXT))
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_plain_csv_in_every_encoding_and_delimiter(tmp_path, encoding, delimiter):
    path = samples.write_plain_csv(tmp_path, encoding, delimiter)
    table = read_table(path)
    assert table.info.delimiter == delimiter
    assert codecs.lookup(table.info.encoding).name == codecs.lookup(encoding).name
    expected = samples.PLAIN_TEXT[encoding]
    assert table.headers == expected[0]
    rows = list(table.rows)
    assert [r.cells for r in rows] == [tuple(r) for r in expected[1:]]
    assert [r.number for r in rows] == list(range(2, len(expected) + 1))


def test_utf16_without_bom(tmp_path):
    path = tmp_path / "nobom.txt"
    path.write_bytes("Name\tEmail\r\nЧарыев Довлет\td@iom.int\r\n".encode("utf-16-le"))
    table = read_table(path)
    assert (table.info.encoding, table.info.delimiter) == ("utf-16-le", "\t")
    assert [r.cells for r in table.rows] == [("Чарыев Довлет", "d@iom.int")]


def test_utf8_preferred_when_whole_file_decodes(tmp_path):
    path = tmp_path / "u.csv"
    body = "Name,Email\n" + "a,b@c.d\n" * 5000 + "Ёлкин Пётр,p@x.ru\n"
    path.write_text(body, encoding="utf-8")
    assert sniff(path).encoding == "utf-8"


# Files of a header and a row or three: too little text for charset-normalizer's
# statistics alone (it took several of these for Shift-JIS, Hebrew, cp1250 or cp1257).
SHORT_FILES = {
    "cp1251": [
        ["ФИО;Эл. почта;Телефон;Страна", "Иванов Иван;ivan@mail.ru;+7 727 123 4567;Казахстан"],
        ["ФИО;Эл. почта;Телефон;Страна"],
        ["ПІБ;Ел. пошта;Телефон;Країна", "Шевченко Тарас;t@x.ua;+380 44 123 4567;Україна"],
        [
            "ФИО,Организация,Должность",
            "Нурлан Серикбаев,ПРООН,Пресс-секретарь",
            "Жанар Абишева,ЮНИСЕФ,Специалист",
        ],
        ["Name\tEmail\tCountry", "ООН\tАЛМАТЫ\tx@y.org"],
        ["Name\tEmail\tCountry", "x@y.org\tШевченко Тарас\tx@y.org", "ПРООН\tТараз\tx@y.org"],
        ["Name,Email,Country", "Їжак Олена,o@x.ua,Україна", "Айгерим Жумабаева,a@x.kz,Тараз"],
        ["Name;Email;Country", "Кыргызстан;x@y.org;x@y.org"],
        ["ИМЯ;ТЕЛЕФОН;ПОЧТА", "x@y.org;x@y.org;x@y.org"],
    ],
    "cp1252": [
        ["Nom;Prénom;Téléphone;Société", "Dupont;Hélène;+33 1 23 45 67 89;Société Générale"],
        ["Nom;Prénom;Téléphone;Société"],
        ["Name;Vorname;Straße;E-Mail", "Müller;Jürgen;Hauptstraße 1;j@x.de"],
        ["Nombre,Correo,Teléfono,País", "José Núñez,j@x.es,+34 91 123 4567,España"],
        ["Name,Email", "René Müller,r@x.ch", "Zoë Weiß,z@x.de"],
        ["Name,Organisation,Role", "Hélène,x@y.org,x@y.org"],
        ["Name,Email", "Søren Ærø,s@x.dk"],
        ["Apellidos,Nombre,Organización", "Peña,Mañana,x@y.org", "São Paulo,Bogotá,x@y.org"],
        ["Name\tEmail\tCountry", "Zoë Lefèvre\tz@x.fr\tFrance", "Aïcha Ouédraogo\ta@x.bf\tBF"],
        ["Nom,Courriel,Pays", "Dvorák,d@x.cz,Genève"],
    ],
}


@pytest.mark.parametrize(
    ("encoding", "lines"),
    [(encoding, lines) for encoding, files in SHORT_FILES.items() for lines in files],
)
def test_short_code_page_files(tmp_path, encoding, lines):
    path = tmp_path / "short.csv"
    path.write_bytes("".join(line + "\r\n" for line in lines).encode(encoding))
    table = read_table(path)
    delimiter = next(d for d in ";\t," if d in lines[0])
    assert (table.info.encoding, table.info.delimiter) == (encoding, delimiter)
    assert table.headers == lines[0].split(delimiter)
    assert [r.cells for r in table.rows] == [tuple(line.split(delimiter)) for line in lines[1:]]


# Longer lists in the other code pages: the readings of cp1252 and cp1251 must not win
# over them. Without the judging of readings, cp1250 and cp1254 here came out cp1252.
_RUSSIAN_LIST = [
    "ФИО;Организация;Город",
    "Иванов Иван Петрович;Министерство иностранных дел;Москва",
    "Сидорова Ольга;ПРООН;Алматы",
    "Коваленко Пётр;ЮНИСЕФ;Бишкек",
    "Ёлкин Сергей;Пресс-служба;Ташкент",
    "Щукина Юлия;ООН;Душанбе",
    "Эльмира Жумабаева;Посольство;Астана",
]
OTHER_CODE_PAGES = [
    ("koi8_r", _RUSSIAN_LIST),
    ("cp866", _RUSSIAN_LIST),
    ("mac_cyrillic", _RUSSIAN_LIST),
    (
        "cp1250",
        [
            "Jméno;Organizace;Město",
            "Zdeněk Dvořák;Ministerstvo zahraničí;Praha",
            "Jiří Růžička;Městský úřad;Brno",
            "Kateřina Nováková;Česká televize;Plzeň",
        ],
    ),
    (
        "cp1254",
        [
            "Ad Soyad;Kurum;Şehir",
            "Şahin Yılmaz;Dışişleri Bakanlığı;Ankara",
            "Ayşe Çelik;Büyükelçilik;İstanbul",
            "Mehmet Öztürk;Belediye;İzmir",
        ],
    ),
    (
        "cp1253",
        [
            "Όνομα;Οργανισμός;Πόλη",
            "Γιώργος Παπαδόπουλος;Υπουργείο Εξωτερικών;Αθήνα",
            "Μαρία Κωνσταντίνου;Δήμος Θεσσαλονίκης;Θεσσαλονίκη",
            "Ελένη Νικολάου;Πανεπιστήμιο Πατρών;Πάτρα",
        ],
    ),
    (
        "cp1255",
        [
            "שם;ארגון;עיר",
            "דוד כהן;משרד החוץ;ירושלים",
            "שרה לוי;אוניברסיטת תל אביב;תל אביב",
            "יוסף מזרחי;עיריית חיפה;חיפה",
        ],
    ),
    (
        "cp1256",
        [
            "الاسم;المنظمة;المدينة",
            "محمد أحمد;وزارة الخارجية;القاهرة",
            "فاطمة علي;الأمم المتحدة;عمان",
        ],
    ),
    (
        "gb18030",
        ["姓名;单位;城市", "张伟;外交部;北京", "王芳;新华社;上海", "李娜;联合国开发计划署;北京"],
    ),
]


@pytest.mark.parametrize(("encoding", "lines"), OTHER_CODE_PAGES)
def test_other_code_pages_keep_their_reading(tmp_path, encoding, lines):
    path = tmp_path / "list.csv"
    path.write_bytes("".join(line + "\r\n" for line in lines).encode(encoding))
    table = read_table(path)
    assert table.headers == lines[0].split(";")
    assert [r.cells for r in table.rows] == [tuple(line.split(";")) for line in lines[1:]]


def test_text_charset_normalizer_gives_up_on_is_read_when_one_reading_is_clear(tmp_path):
    path = tmp_path / "odd.csv"
    text = "Name,Email,Country\r\nx@y.org,Genève,Ñúñez\r\nx@y.org,Ñúñez,Søren\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert sniff(path).encoding == "cp1252"


def test_binary_noise_has_no_encoding(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 2)
    with pytest.raises(SourceError, match="Cannot tell the text encoding"):
        sniff(path)


def test_short_file_forced_encoding_wins(tmp_path):
    path = tmp_path / "short.csv"
    path.write_bytes("Name,Organisation\r\nHélène,ONU\r\n".encode("cp1252"))
    assert sniff(path).encoding == "cp1252"
    table = read_table(path, encoding="cp1250")
    assert [r.cells for r in table.rows] == [("Hélčne", "ONU")]


def test_header_under_title_rows_and_blank_rows_counted(sample_files):
    table = read_table(sample_files["title_rows"])
    assert table.info.header_row == 4
    assert table.headers == ["Full name", "Email", "Mobile"]
    rows = list(table.rows)
    assert [r.number for r in rows] == [5, 9]
    assert rows[0].cells == ("CHARIYEV Dovlet", "a@iom.int\nb@iom.int", "+993 65 123456")
    assert rows[1].cells[1] == '=HYPERLINK("http://evil")'
    assert [r.number for r in table.info.preview] == [1, 2, 4, 5, 9]


def test_excel_sep_line_is_not_a_row(sample_files):
    table = read_table(sample_files["excel_sep"])
    assert table.headers == ["Name", "Email"]
    assert [(r.number, r.cells) for r in table.rows] == [(3, ("A, B", "a@b.org"))]


def test_outlook_record_with_line_break_keeps_physical_line_numbers(sample_files):
    rows = list(read_table(sample_files["outlook_en"]).rows)
    assert [r.number for r in rows] == [2, 4]


def test_officer_xlsx(sample_files):
    info = sniff(sample_files["officer_xlsx"])
    assert info.format == "xlsx"
    assert info.sheets == ["Notes", "Контакты"]
    assert info.sheet == "Контакты"
    assert info.header_row == 4
    assert info.preview[0].cells[0] == "Список контактных лиц (focal points)"
    table = read_table(sample_files["officer_xlsx"])
    assert table.headers == samples.OFFICER_HEADERS
    rows = list(table.rows)
    assert [r.number for r in rows] == [5, 6, 7, 9]
    first = rows[0]
    assert first.sheet == "Контакты"
    assert first.cells == (
        "1",
        "CHARIYEV Dovlet",
        "IOM",
        "Communications Officer",
        "dchariyev@iom.int; dovlet.ch@gmail.com",
        "99312488407",
        "Туркменистан",
        "2022-12-09",
    )
    assert first.numeric == frozenset({0, 5})
    assert rows[1].cells[2] == "IOM"  # merged C5:C6
    assert rows[1].numeric == frozenset({0})
    assert rows[2].cells[4] == "zeynal.hajiyev@undp.org,\nz.hajiyev@gmail.com"


def test_xlsx_forced_sheet_and_header(sample_files):
    table = read_table(sample_files["officer_xlsx"], sheet="Notes", header_row=0)
    assert table.headers == ["Column 1"]
    assert [(r.number, r.cells) for r in table.rows] == [
        (1, ("How to use this list",)),
        (2, ("Keep one person per row. Send updates to the press unit.",)),
    ]
    with pytest.raises(SourceError, match="no sheet"):
        sniff(sample_files["officer_xlsx"], sheet="Missing")


def test_ods(sample_files):
    table = read_table(sample_files["officer_ods"])
    assert table.info.format == "ods"
    assert table.info.sheet == "Focal points"
    assert table.headers == ["Name", "Organization", "E-mail", "Phone", "Country"]
    rows = list(table.rows)
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].cells == (
        "CHARIYEV Dovlet",
        "IOM",
        "dchariyev@iom.int",
        "99312488407",
        "Turkmenistan",
    )
    assert rows[0].numeric == frozenset({3})


def _officer_xls(path: Path) -> Path:
    """An Excel 97-2003 workbook (BIFF8) as offices still send: a notes sheet in front,
    a title row, Russian headers, a phone stored as a number, a date, an organisation
    merged over its two people and a column that starts at B."""
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Notes").write(0, 0, "Keep one person per row.")
    sheet = book.add_sheet("Контакты")
    sheet.write_merge(0, 0, 1, 5, "Список контактных лиц (focal points)")
    for column, header in enumerate(["ФИО", "Организация", "Эл. почта", "Телефон", "Дата"], 1):
        sheet.write(2, column, header)
    sheet.write(3, 1, "Бердыева Айгуль")
    sheet.write_merge(3, 4, 2, 2, "ПРООН")
    sheet.write(3, 3, "aigul@undp.org")
    sheet.write(3, 4, 99365123456)
    sheet.write(3, 5, dt.date(2024, 5, 1), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    sheet.write(4, 1, "Чарыев Довлет")
    sheet.write(4, 3, "=d@undp.org")
    sheet.write(4, 4, "+993 12 48-84-07")
    sheet.write(6, 1, "Öwezowa Gülälek")
    sheet.write(6, 5, 1.5)
    book.save(str(path))
    return path


def test_xls_read_by_calamine(tmp_path):
    path = _officer_xls(tmp_path / "focal points.xls")
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # OLE2, not XLSX or HTML
    info = sniff(path)
    assert (info.format, info.encoding, info.delimiter) == ("xls", None, None)
    assert info.sheets == ["Notes", "Контакты"]
    assert (info.sheet, info.header_row) == ("Контакты", 3)
    assert info.preview[0].cells[1] == "Список контактных лиц (focal points)"
    table = read_table(path)
    assert table.headers == ["Column 1", "ФИО", "Организация", "Эл. почта", "Телефон", "Дата"]
    rows = list(table.rows)
    assert [(r.number, r.sheet) for r in rows] == [
        (4, "Контакты"),
        (5, "Контакты"),
        (7, "Контакты"),
    ]
    assert rows[0].cells == (
        "",
        "Бердыева Айгуль",
        "ПРООН",
        "aigul@undp.org",
        "99365123456",
        "2024-05-01",
    )
    assert rows[0].numeric == frozenset({4})
    assert rows[1].cells == ("", "Чарыев Довлет", "ПРООН", "=d@undp.org", "+993 12 48-84-07", "")
    assert rows[1].numeric == frozenset()
    assert rows[2].cells == ("", "Öwezowa Gülälek", "", "", "", "1.5")
    assert rows[2].numeric == frozenset({5})
    notes = read_table(path, sheet="Notes", header_row=0)
    assert [r.cells for r in notes.rows] == [("Keep one person per row.",)]


def test_damaged_xls(tmp_path):
    data = _officer_xls(tmp_path / "whole.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(data[:600])
    with pytest.raises(SourceError, match="not a readable XLS file"):
        read_table(path)


def test_xlsx_data_not_in_column_a(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"] = "Name"
    sheet["D3"] = "Email"
    sheet["C4"] = "A"
    sheet["D4"] = "a@b.c"
    sheet["D6"] = 1.5
    book.save(tmp_path / "offset.xlsx")
    table = read_table(tmp_path / "offset.xlsx")
    assert table.info.header_row == 3
    assert table.headers == ["Column 1", "Column 2", "Name", "Email"]  # cell index = column
    assert [(r.number, r.cells, r.numeric) for r in table.rows] == [
        (4, ("", "", "A", "a@b.c"), frozenset()),
        (6, ("", "", "", "1.5"), frozenset({3})),
    ]


def test_format_by_content_not_extension(tmp_path, sample_files):
    disguised = tmp_path / "contacts.xlsx"
    disguised.write_bytes(sample_files["google_new"].read_bytes())
    assert sniff(disguised).format == "csv"
    assert sniff(sample_files["vcard30"]).format == "vcard"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04garbage", "damaged"),
        (b"<html><table><tr><td>x</td></tr></table></html>", "web page"),
    ],
)
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "bad.xls"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_table(path)


def test_a_json_file_is_refused_with_a_way_out(tmp_path):
    """A store's JSON export is not a table: it was read as a one-column CSV, every
    line an error row."""
    path = tmp_path / "contacts.json"
    path.write_text('{"contacts": [{"id": 1, "name": "Dovlet Chariyev"}]}', encoding="utf-8")
    with pytest.raises(SourceError, match=r"JSON file.*export them as CSV"):
        read_table(path)
    # A CSV whose first cell starts with a brace is still a CSV.
    csv = tmp_path / "odd.csv"
    csv.write_text("{note},Name\nx,Dovlet Chariyev\n", encoding="utf-8")
    assert read_table(csv).headers[1] == "Name"


def test_corrupt_xlsx(tmp_path, sample_files):
    data = sample_files["officer_xlsx"].read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError):
        list(read_table(path).rows)


def test_wrong_encoding_forced(sample_files):
    with pytest.raises(SourceError, match="not valid utf-8"):
        list(read_table(sample_files["outlook_ru"], encoding="utf-8").rows)
    with pytest.raises(SourceError, match="not a known text encoding"):
        sniff(sample_files["outlook_ru"], encoding="klingon")


def test_forced_encoding_delimiter_and_header(sample_files):
    table = read_table(sample_files["outlook_ru"], encoding="cp1251", delimiter=";", header_row=1)
    assert table.headers[:4] == ["Обращение", "Имя", "Отчество", "Фамилия"]
    table = read_table(sample_files["outlook_ru"], delimiter=",")
    assert len(table.headers) == 1


def test_vcard_is_not_a_table(sample_files):
    with pytest.raises(SourceError, match="vCard"):
        read_table(sample_files["vcard21"])


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="Cannot open"):
        sniff(Path(tmp_path / "nope.csv"))


def _long_xlsx(path: Path) -> Path:
    """2,500 people under a title row, with blank rows, numbers, dates and a merged
    organisation: more than one spooled block."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Media contacts"])
    sheet.append([])
    sheet.append(["Name", "Organization", "Phone", "Since"])
    for i in range(2500):
        if i % 400 == 7:
            sheet.append([])
            continue
        sheet.append([f"Person {i}", f"Org {i % 9}", 99312480000 + i, dt.date(2020, 1, 1 + i % 28)])
    sheet.merge_cells("B20:B22")
    book.save(path)
    return path


@pytest.mark.parametrize("source", ["officer_xlsx", "officer_ods", "officer_xls", "long_xlsx"])
def test_spooled_rows_are_the_streamed_rows(tmp_path, sample_files, source):
    """An import reads a whole sheet at once and closes the workbook (``spool``): the
    rows, their numbers, sheet and numeric cells are the ones read as they stream."""
    if source == "officer_xls":
        path = _officer_xls(tmp_path / "focal points.xls")
    elif source == "long_xlsx":
        path = _long_xlsx(tmp_path / "long.xlsx")
    else:
        path = sample_files[source]
    streamed = read_table(path)
    spooled = read_table(path, spool=True)
    assert spooled.info == streamed.info
    assert spooled.headers == streamed.headers
    rows = list(spooled.rows)
    assert rows == list(streamed.rows)
    if source == "long_xlsx":
        assert len(rows) == 2500 - 7
        assert rows[0].number == 4
        assert rows[-1].number == 2503
        by_number = {r.number: r for r in rows}
        assert [by_number[n].cells[1] for n in (20, 21, 22, 23)] == ["Org 7"] * 3 + ["Org 1"]
        assert rows[0].numeric == frozenset({2})
        assert rows[0].cells[2:] == ("99312480000", "2020-01-01")


def test_spooled_corrupt_sheet_fails_at_once(tmp_path, sample_files):
    data = sample_files["officer_xlsx"].read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError):
        read_table(path, spool=True)
