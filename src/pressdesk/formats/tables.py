"""Tabular contact sources: CSV/TSV/TXT, XLSX, XLS and ODS, read as rows of text.

``sniff(path)`` looks at a file and says what it found (:class:`SourceInfo`: format,
encoding, delimiter, sheets, header row, a preview); ``read_table(path)`` returns a
:class:`SourceTable` whose ``rows`` are streamed one :class:`SourceRow` at a time. Every
detected item can be forced by the caller (the import wizard lets the user correct it).

Detection, in the order it runs:

* **format** from the first bytes, not the extension: a ZIP holding ``xl/workbook.xml`` is
  XLSX, one whose ``mimetype`` is OpenDocument spreadsheet is ODS, an OLE2 file is XLS, text
  beginning with ``BEGIN:VCARD`` is ``"vcard"`` (read it with :mod:`.vcard`); a web page
  saved as ``.xls`` is refused with an explanation; other text is CSV.
* **encoding** (text only): a BOM; then UTF-16 without BOM (many NUL bytes in one byte
  lane); then UTF-8 if the *whole* file decodes as UTF-8 (checked in chunks); otherwise
  a code page. charset-normalizer, restricted to the code pages contact files really come
  in, proposes; its statistics need more text than a short file has (alone it calls
  "Núñez" cp1250 and a three-line Russian list Shift-JIS or Hebrew), so each proposal
  and cp1252, cp1251, cp1250, ISO-8859-2 are read and judged: the reading with fewest
  words no language writes wins (mixed scripts, a symbol inside a word, case swapped
  inside a word, accents from alphabets that never meet), then the one that finds most
  known column headers. Among equals, charset-normalizer's choice stands when there is
  enough text beyond ASCII for its statistics; otherwise the common code page of the
  script it saw (cp1252 for Latin, cp1251 for Cyrillic).
* **delimiter** among ``, ; TAB |`` by how consistently each splits the first records into
  the same number of fields (an Excel ``sep=;`` first line wins); csv.Sniffer is not used.
* **sheet**: the visible worksheet whose best header row matches most contact headers, so
  a "Notes" or instructions sheet in front is skipped.
* **header row**: among the first 30 rows, the first with most cells recognised by
  :func:`.layouts.header_score` (title and blank rows above it are skipped); if no row has
  a known header, the first non-blank row.

Row numbers are what the user sees: the Excel/Calc row, or the physical line on which a
CSV record starts (a quoted cell may span lines). Blank and whitespace-only rows are not
yielded but still count. Spreadsheet numbers become text without ``.0`` and their column
indexes are listed in ``SourceRow.numeric`` (a phone stored as a number has lost its
``+``); dates become ISO text. In XLSX/XLS, a value merged across cells below the header
is repeated in every cell of the merged area (one organisation merged over its people).

All failures to read a file raise :class:`SourceError` with a message for the user.
"""

from __future__ import annotations

import codecs
import csv
import ctypes
import datetime as dt
import pickle
import re
import sys
import unicodedata
import zipfile
import zlib
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import charset_normalizer
import python_calamine

from pressdesk.formats.layouts import header_score

__all__ = [
    "DELIMITERS",
    "SourceError",
    "SourceInfo",
    "SourceRow",
    "SourceTable",
    "decode_text",
    "detect_encoding",
    "detect_format",
    "read_table",
    "sniff",
]

DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 30
PREVIEW_ROWS = 20
_SAMPLE_BYTES = 64 * 1024
_CODE_PAGES = [
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_2",
    "iso8859_15",
    "koi8_r",
    "cp866",
    "mac_cyrillic",
    "cp1254",
    "cp1253",
    "cp1257",
    "cp1256",
    "cp1255",
    "iso8859_9",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_kr",
]
_PREFERRED = ("cp1252", "cp1251", "cp1250", "iso8859_2")


class SourceError(Exception):
    """A file cannot be read as a contact table; ``str(error)`` is meant for the user."""


@dataclass(frozen=True)
class SourceRow:
    number: int
    sheet: str | None
    cells: tuple[str, ...]
    numeric: frozenset[int] = frozenset()

    def cell(self, index: int) -> str:
        """The cell at ``index``, ``''`` past the end of a short row."""
        return self.cells[index] if index < len(self.cells) else ""

    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class SourceInfo:
    format: str
    encoding: str | None
    delimiter: str | None
    sheets: list[str]
    sheet: str | None
    header_row: int
    preview: list[SourceRow] = field(default_factory=list)


@dataclass
class SourceTable:
    info: SourceInfo
    headers: list[str]
    rows: Iterator[SourceRow]


# --------------------------------------------------------------------------- detection


def detect_format(path: Path) -> str:
    """``"csv"``, ``"xlsx"``, ``"xls"``, ``"ods"`` or ``"vcard"``, from the content."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as error:
        raise SourceError(f"Cannot open {path.name}: {error.strerror or error}.") from error
    if not head:
        raise SourceError(f"{path.name} is empty.")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype")
                    if b"opendocument.spreadsheet" in mimetype:
                        return "ods"
                if any(n.lower() == "xl/workbook.xml" for n in names):
                    return "xlsx"
                if "xl/workbook.bin" in names:
                    raise SourceError(
                        f"{path.name} is a binary Excel workbook (.xlsb); save it as .xlsx."
                    )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise SourceError(f"{path.name} is a damaged ZIP/XLSX file ({error}).") from error
        raise SourceError(f"{path.name} is a ZIP archive, not a spreadsheet.")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").replace(b"\x00", b"").lower()
    if text.startswith(b"begin:vcard"):
        return "vcard"
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise SourceError(
            f"{path.name} is a web page or XML file, not a table. Open it in Excel or "
            "LibreOffice and save it as XLSX or CSV."
        )
    if text.startswith((b"{", b"[")) and path.suffix.lower() in (".json", ".jsonl", ""):
        raise SourceError(
            f"{path.name} is a JSON file, not a table. To move contacts between stores, "
            "export them as CSV, XLSX or vCard (pressdesk export contacts FILE.csv)."
        )
    return "csv"


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# Letters beyond ASCII that each alphabet uses, lower case. Read in the right code page,
# a word fits one of them; read in a wrong one it mixes scripts ("Mьller"), swaps case
# inside a word ("иВАНОВ"), holds a symbol ("Urz±d") or letters no one language has
# together ("Ćrř" for "Ærø"), or is all accents ("Èâàíîâ" for "Иванов").
_LATIN_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü",  # Spanish
    "àáâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçèéíïòóúü",  # Catalan
    "áéëïóöü",  # Dutch
    "åæéøó",  # Danish, Norwegian
    "åäöéšž",  # Swedish, Finnish (not Icelandic: its ð, þ, ý are Turkish ğ, ş, ı in cp1252)
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian, Slovene
    "âçğıîöşü",  # Turkish
    "çəğıöşü",  # Azerbaijani
    "äçňöşüýž",  # Turkmen
    "äğıñöşüū",  # Kazakh (Latin)
    "çë",  # Albanian
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšūųž",  # Lithuanian
    "äõöüšž",  # Estonian
)
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CYRILLIC_ALPHABETS = (
    _RUSSIAN,
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
    "абвгдеёжзійклмнопрстуўфхцчшыьэюя",  # Belarusian
    "абвгдежзийклмнопрстуфхцчшщъьюя",  # Bulgarian
    "абвгдђежзијклљмнњопрстћуфхцчџш",  # Serbian
    "абвгдѓежзѕијклљмнњопрстќуфхцчџш",  # Macedonian
    _RUSSIAN + "әғқңөұүһі",  # Kazakh
    _RUSSIAN + "ңөү",  # Kyrgyz, Mongolian
    _RUSSIAN + "ғӣқӯҳҷ",  # Tajik
    _RUSSIAN + "ўқғҳ",  # Uzbek
)
_ALPHABETS = {
    "LATIN": [frozenset(a) for a in _LATIN_ALPHABETS],
    "CYRILLIC": [frozenset(a) for a in _CYRILLIC_ALPHABETS],
}
_HEBREW_FINALS = frozenset("ךםןףץ")
_GREEK_TONOS = frozenset("άέήίόύώΐΰ")
_ONE_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK", "FULLWIDTH": "CJK"}
# Between words: spaces, dashes, quotes and the like; at a word's ends: punctuation and
# these; inside a word, only these marks.
_SEPARATORS = re.compile(r"[\s\u00ab\u00bb\u2000-\u206f\u3000-\u303f]+")
_WORDS = re.compile(r"[A-Za-z\u0080-\U0010ffff]*[\u0080-\U0010ffff][A-Za-z\u0080-\U0010ffff]*")
_EDGE_SIGNS = frozenset("®©™°")
_INNER_MARKS = frozenset("'’ʼʻ·-\u00ad")
#: Below this many bytes beyond ASCII, charset-normalizer's statistics are not trusted
#: to choose between equally plausible readings: cp1252, then cp1251, are likelier.
_FEW_NON_ASCII = 400
_SCRIPT_OF_CODE_PAGE = {
    **dict.fromkeys(
        ["cp1252", "cp1250", "iso8859_2", "iso8859_15", "cp1254", "iso8859_9", "cp1257"], "LATIN"
    ),
    **dict.fromkeys(["cp1251", "koi8_r", "cp866", "mac_cyrillic"], "CYRILLIC"),
}
_ASCII = bytes(range(0x80))
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _script(char: str) -> str | None:
    """The script of a letter or mark (``None`` for a mark that takes its letter's)."""
    if char.isascii():
        return "LATIN"
    script = unicodedata.name(char, "?").split(" ", 1)[0].split("-", 1)[0]
    return None if script in ("COMBINING", "MODIFIER") else _ONE_SCRIPT.get(script, script)


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _word_is_possible(word: str) -> bool | None:
    """Whether some language writes ``word``; ``None`` when it tells nothing (ASCII only,
    a single letter, a script without rules here)."""
    core = word
    while (
        core
        and not _is_letter(core[0])
        and (core[0] in _EDGE_SIGNS or unicodedata.category(core[0])[0] == "P")
    ):
        core = core[1:]
    while (
        core
        and not _is_letter(core[-1])
        and (core[-1] in _EDGE_SIGNS or unicodedata.category(core[-1])[0] == "P")
    ):
        core = core[:-1]
    if any(not _is_letter(c) and c not in _INNER_MARKS for c in core):
        return False
    letters = [c for c in core if c.isalpha()]
    if len(letters) < 2:
        return None
    scripts = {_script(c) for c in core if _is_letter(c)} - {None}
    if len(scripts) != 1:
        return False
    script = scripts.pop()
    if any(a.islower() and b.isupper() and not b.isascii() for a, b in pairwise(letters)):
        return False
    lower = core.lower()
    used = frozenset(c for c in lower if c.isalpha() and not c.isascii())
    if script == "HALFWIDTH":  # Shift-JIS half-width katakana, from another code page
        return False
    if script == "GREEK":
        accents = sum(c in _GREEK_TONOS for c in lower)
        return "ς" not in lower[:-1] and accents <= 1 and lower[0] not in "ΐΰ"
    if script == "HEBREW":
        return not _HEBREW_FINALS & set(core[:-1])
    if script not in _ALPHABETS or not used:
        return None
    if script == "LATIN" and not any(c.isascii() for c in letters):
        return False
    return any(used <= alphabet for alphabet in _ALPHABETS[script])


def _impossible_words(text: str) -> int:
    words = Counter(_WORDS.findall(_SEPARATORS.sub(" ", text)))
    return sum(count for word, count in words.items() if _word_is_possible(word) is False)


def _header_hits(head: str) -> int:
    """Known column headers in the best of the first rows."""
    lines = head.splitlines(keepends=True)
    try:
        rows = list(csv.reader(lines, delimiter=_detect_delimiter(head), strict=False))
    except csv.Error:
        return 0
    return max((header_score([c.strip() for c in row]) for row in rows), default=0)


def _likeliest(sample: bytes, guess: str | None, candidates: list[str]) -> str | None:
    """The candidate whose reading of ``sample`` has the fewest impossible words, then
    the most known column headers. On a tie: charset-normalizer's ``guess`` when the
    sample gives its statistics enough to go on, else the common code page
    (``_PREFERRED``) of the guessed script."""
    if len(sample) == _SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # no character cut in two
    # Only rows with bytes beyond ASCII can find more headers in one reading than another.
    lines = sample.splitlines(keepends=True)[:HEADER_SEARCH_ROWS]
    head = b"".join(line for line in lines if not line.isascii())
    readings: dict[str, str] = {}
    scores: dict[str, tuple[int, int]] = {}  # by reading: equal readings score once
    for encoding in dict.fromkeys([*_PREFERRED, *candidates]):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings[encoding] = text
        if text not in scores:
            hits = _header_hits(head.decode(encoding)) if head else 0
            scores[text] = (-_impossible_words(text), hits)
    if not readings:
        return guess
    top = max(scores.values())
    tied = [e for e, text in readings.items() if scores[text] == top]
    if guess is None:
        # charset-normalizer found every reading chaotic: take one that clearly reads.
        clear = len({readings[e] for e in tied}) == 1 and not _CONTROL.search(sample)
        return tied[0] if clear else None
    if guess not in tied:
        return tied[0]
    if len(sample.translate(None, _ASCII)) >= _FEW_NON_ASCII:
        return guess
    script = _SCRIPT_OF_CODE_PAGE.get(guess)
    return next((e for e in tied if script and _SCRIPT_OF_CODE_PAGE.get(e) == script), guess)


def detect_encoding(path: Path) -> str:
    """The text encoding of a file (see the module docstring); raises SourceError."""
    with open(path, "rb") as f:
        sample = f.read(_SAMPLE_BYTES)
    bom = _bom_encoding(sample)
    if bom:
        return bom
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    if _is_utf8(path):
        return "utf-8"
    matches = charset_normalizer.from_bytes(sample, cp_isolation=list(_CODE_PAGES))
    best = matches.best()
    guess, candidates = None, []
    if best is not None:
        tied = {best.encoding}
        for match in matches:
            candidates += [match.encoding, *match.could_be_from_charset]
            if match.chaos <= best.chaos and match.coherence >= best.coherence - 0.01:
                tied.add(match.encoding)
                tied.update(match.could_be_from_charset)
        guess = next((enc for enc in _PREFERRED if enc in tied), best.encoding)
    found = _likeliest(sample, guess, candidates)
    if found is None:
        raise SourceError(
            f"Cannot tell the text encoding of {path.name}; choose it (for example "
            "cp1252 for Western Europe, cp1251 for Cyrillic)."
        )
    return found


def _resolve_encoding(path: Path, encoding: str | None) -> str:
    if encoding is None:
        return detect_encoding(path)
    try:
        name = codecs.lookup(encoding).name
    except LookupError as error:
        raise SourceError(f'"{encoding}" is not a known text encoding.') from error
    if name == "utf-8":
        with open(path, "rb") as f:
            if f.read(3) == codecs.BOM_UTF8:
                return "utf-8-sig"
    return encoding


def decode_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The whole text of a (small) file and the encoding used; for vCards and releases."""
    encoding = _resolve_encoding(path, encoding)
    try:
        return path.read_bytes().decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path.name} is not valid {encoding} text (byte {error.start}); choose "
            "another encoding."
        ) from error


# --------------------------------------------------------------------------- CSV


def _sample_text(path: Path, encoding: str) -> str:
    with open(path, "rb") as f:
        raw = f.read(_SAMPLE_BYTES)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(raw, final=False)


def _excel_sep(first_line: str) -> str | None:
    line = first_line.strip().strip('"')
    if line.lower().startswith("sep=") and len(line) == 5:
        return line[4]
    return None


def _detect_delimiter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and (sep := _excel_sep(lines[0])):
        return sep
    if len(text) >= _SAMPLE_BYTES - 4 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a truncated sample is incomplete
    lines = lines[:200]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [
                len(record)
                for record in csv.reader(lines, delimiter=delimiter, strict=False)
                if any(c.strip() for c in record)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        if modal < 2:
            continue
        score = (counts.count(modal) / len(counts), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[SourceRow]:
    """Every record (blank ones too), numbered by the physical line it starts on."""
    line = 0
    try:
        with open(path, encoding=encoding, newline="", errors="strict") as f:
            reader = csv.reader(f, delimiter=delimiter, quotechar='"', strict=False)
            for cells in reader:
                if line == 0 and _excel_sep(delimiter.join(cells)):
                    line = reader.line_num
                    continue
                yield SourceRow(line + 1, None, tuple(cells))
                line = reader.line_num
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{path.name}: the text after line {line} is not valid {encoding}; choose "
            "another encoding."
        ) from error
    except csv.Error as error:
        raise SourceError(f"{path.name}, line {line + 1}: {error}.") from error
    except OSError as error:
        raise SourceError(f"Cannot read {path.name}: {error.strerror or error}.") from error


# --------------------------------------------------------------------------- spreadsheets


def _text(value: object) -> tuple[str, bool]:
    """Cell text and whether the spreadsheet held a number."""
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value)), True
        return repr(value), True
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    if value is None:
        return "", False
    return str(value), False


class _Workbook:
    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.format = path, fmt
        try:
            self.book = python_calamine.CalamineWorkbook.from_path(str(path))
            metadata = self.book.sheets_metadata
        except (python_calamine.CalamineError, OSError, ValueError) as error:
            raise SourceError(
                f"{path.name} is not a readable {fmt.upper()} file: {error}."
            ) from error
        self.sheets = [
            m.name
            for m in metadata
            if m.visible == python_calamine.SheetVisibleEnum.Visible
            and m.typ == python_calamine.SheetTypeEnum.WorkSheet
        ] or [m.name for m in metadata]
        self.all_sheets = [m.name for m in metadata]
        self._loaded: dict[str, python_calamine.CalamineSheet] = {}

    def close(self) -> None:
        """Let calamine's copies of the sheets and shared strings go."""
        self._loaded.clear()
        self.book.close()

    def sheet(self, name: str) -> python_calamine.CalamineSheet:
        """The parsed sheet; calamine parses a whole sheet at once, so keep it."""
        if name not in self._loaded:
            try:
                self._loaded[name] = self.book.get_sheet_by_name(name)
            except python_calamine.CalamineError as error:
                raise SourceError(
                    f'Cannot read sheet "{name}" of {self.path.name}: {error}.'
                ) from error
        return self._loaded[name]

    def rows(self, name: str) -> Iterator[SourceRow]:
        sheet = self.sheet(name)
        # calamine yields rows from row 1 but columns from the first used one: pad them
        # so that a cell's index is its spreadsheet column (A = 0).
        padding = [""] * (sheet.start[1] if sheet.start else 0)
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        merged[r, c] = (r0, c0)
        anchors: dict[tuple[int, int], tuple[str, bool]] = {}
        anchor_rows = {a[0] for a in merged.values()}
        try:
            for index, values in enumerate(sheet.iter_rows()):
                cells: list[str] = list(padding)
                numeric: set[int] = set()
                for col, value in enumerate(values, len(padding)):
                    if type(value) is str:
                        cells.append(value)
                        continue
                    text, is_number = _text(value)
                    cells.append(text)
                    if is_number:
                        numeric.add(col)
                if index in anchor_rows:
                    for anchor in merged.values():
                        if anchor[0] == index and anchor[1] < len(cells):
                            anchors[anchor] = (cells[anchor[1]], anchor[1] in numeric)
                if merged:
                    for col in range(len(cells)):
                        source = merged.get((index, col))
                        if source and source in anchors and not cells[col]:
                            cells[col], is_number = anchors[source]
                            if is_number:
                                numeric.add(col)
                yield SourceRow(index + 1, name, tuple(cells), frozenset(numeric))
        except python_calamine.CalamineError as error:
            raise SourceError(
                f'Cannot read sheet "{name}" of {self.path.name}: {error}.'
            ) from error


# --------------------------------------------------------------------------- header, API


def _find_header(rows: list[SourceRow]) -> tuple[int, int]:
    """(header row number, score) among the first rows; (first non-blank, 0) if none scores."""
    best_number, best_score = 0, 0
    first = 0
    for row in rows:
        if row.is_blank():
            continue
        first = first or row.number
        score = header_score([c.strip() for c in row.cells])
        if score > best_score:
            best_number, best_score = row.number, score
    return (best_number or first), best_score


def _head(rows: Iterator[SourceRow], count: int) -> list[SourceRow]:
    head: list[SourceRow] = []
    for row in rows:
        head.append(row)
        if row.number >= count:
            break
    return head


@dataclass
class _Plan:
    info: SourceInfo
    workbook: _Workbook | None = None


def _plan(path: Path, encoding, delimiter, sheet, header_row) -> _Plan:
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "vcard":
        info = SourceInfo("vcard", None, None, [], None, 0, [])
        return _Plan(info)
    if header_row is not None and header_row < 0:
        raise SourceError("The header row must be 0 (no header) or a row number.")
    if fmt == "csv":
        enc = _resolve_encoding(path, encoding)
        if delimiter is None:
            delimiter = _detect_delimiter(_sample_text(path, enc))
        elif len(delimiter) != 1:
            raise SourceError(f'The delimiter must be one character, not "{delimiter}".')
        head = _head(_csv_records(path, enc, delimiter), HEADER_SEARCH_ROWS)
        if header_row is None:
            header_row = _find_header(head)[0]
        preview = [r for r in head if not r.is_blank()][:PREVIEW_ROWS]
        return _Plan(SourceInfo("csv", enc, delimiter, [], None, header_row, preview))
    workbook = _Workbook(path, fmt)
    if sheet is not None:
        if sheet not in workbook.all_sheets:
            names = ", ".join(f'"{s}"' for s in workbook.all_sheets)
            raise SourceError(f'{path.name} has no sheet "{sheet}"; its sheets are {names}.')
        chosen = sheet
        head = _head(workbook.rows(sheet), HEADER_SEARCH_ROWS)
        found = _find_header(head)[0]
    else:
        chosen, head, found, best = workbook.sheets[0], [], 0, -1
        for name in workbook.sheets:
            candidate = _head(workbook.rows(name), HEADER_SEARCH_ROWS)
            number, score = _find_header(candidate)
            if number and score > best:
                chosen, head, found, best = name, candidate, number, score
    if header_row is None:
        header_row = found
    preview = [r for r in head if not r.is_blank()][:PREVIEW_ROWS]
    info = SourceInfo(fmt, None, None, list(workbook.all_sheets), chosen, header_row, preview)
    return _Plan(info, workbook)


def sniff(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> SourceInfo:
    """Detect how to read ``path``; any argument given is taken as is instead of detected.

    The preview holds the first non-blank rows from the top of the file or sheet (title
    rows included), so a wizard can show them and let the user pick the header row.
    """
    return _plan(Path(path), encoding, delimiter, sheet, header_row).info


def _rows_after_header(rows: Iterator[SourceRow], header_row: int) -> Iterator[SourceRow]:
    for row in rows:
        if row.number > header_row and not row.is_blank():
            yield row


#: Rows in one compressed block of a spooled sheet.
_SPOOL_ROWS = 1000
_NOT_NUMERIC: frozenset[int] = frozenset()


def _spool(rows: Iterator[SourceRow], sheet: str | None) -> Iterator[SourceRow]:
    """Read ``rows`` to the end now, kept pickled and compressed (about a tenth of what
    calamine holds for the same sheet), and return them as a fresh stream."""
    blocks: list[bytes] = []
    block: list[tuple[int, tuple[str, ...], tuple[int, ...]]] = []
    for row in rows:
        block.append((row.number, row.cells, tuple(row.numeric)))
        if len(block) == _SPOOL_ROWS:
            blocks.append(zlib.compress(pickle.dumps(block, pickle.HIGHEST_PROTOCOL), 1))
            block = []
    blocks.append(zlib.compress(pickle.dumps(block, pickle.HIGHEST_PROTOCOL), 1))
    return _unspool(deque(blocks), sheet)


def _unspool(blocks: deque[bytes], sheet: str | None) -> Iterator[SourceRow]:
    while blocks:
        for number, cells, numeric in pickle.loads(zlib.decompress(blocks.popleft())):
            yield SourceRow(number, sheet, cells, frozenset(numeric) if numeric else _NOT_NUMERIC)


def _give_back_freed_memory() -> None:
    """Return the heap pages calamine freed to the system (glibc only). Python's own
    objects live in arenas of their own and do not reuse them: without this, a closed
    100,000-row workbook leaves ~30 MB resident for the rest of an import."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    spool: bool = False,
) -> SourceTable:
    """Open a table for reading: headers plus a stream of the non-blank rows below them.

    Without a header (``header_row=0``) the headers are "Column 1", "Column 2" ...; empty
    header cells are named the same way. With ``spool``, a spreadsheet's rows are read
    here, kept compressed, and the workbook is closed: calamine cannot stream a sheet, and
    its copy of one (about 50 MB for 100,000 rows) would stay for as long as the rows are
    read. Raises :class:`SourceError` (with ``spool``, from here only).
    """
    path = Path(path)
    plan = _plan(path, encoding, delimiter, sheet, header_row)
    info = plan.info
    if info.format == "vcard":
        raise SourceError(f"{path.name} is a vCard file, not a table; read it as vCards.")
    if info.format == "csv":
        assert info.encoding is not None and info.delimiter is not None
        records = _csv_records(path, info.encoding, info.delimiter)
    else:
        assert plan.workbook is not None and info.sheet is not None
        records = plan.workbook.rows(info.sheet)
    header_cells: tuple[str, ...] = ()
    if info.header_row:
        for row in records:
            if row.number == info.header_row:
                header_cells = row.cells
                break
            if row.number > info.header_row:
                raise SourceError(f"Row {info.header_row} (the header) is inside another row.")
        else:
            raise SourceError(f"{path.name} has no row {info.header_row}.")
    headers = [c.strip() or f"Column {i + 1}" for i, c in enumerate(header_cells)]
    width = max((len(r.cells) for r in info.preview), default=0)
    headers += [f"Column {i + 1}" for i in range(len(headers), width)]
    rows = _rows_after_header(records, info.header_row)
    if spool and plan.workbook is not None:
        rows = _spool(rows, info.sheet)
        plan.workbook.close()
        _give_back_freed_memory()
    return SourceTable(info, headers, rows)
