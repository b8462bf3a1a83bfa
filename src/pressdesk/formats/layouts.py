"""Which contact field each column of a table holds: the column-mapping guesser.

A mapping is a list with one entry per column, each a field name or ``None``:

==========================  =============================================================
``name``                    full display name ("CHARIYEV Dovlet", "Mr Zeynal Hajiyev")
``given_name``              first / given name
``middle_name``             middle name, additional name, patronymic (Отчество)
``family_name``             last / family name, surname
``honorific``               Mr., Dr., Anrede, Обращение (Outlook's ``Title``)
``suffix``                  Jr., PhD
``nickname``                nickname
``organization``            company, agency, organisation
``department``              department, unit
``role``                    job title, position, function (Outlook's ``Job Title``)
``country``, ``city``       address parts worth keeping (first non-empty column wins)
``languages``               languages spoken, split on ``,`` ``;`` ``/``
``tags``                    labels, categories, groups (Google's system groups dropped)
``notes``                   free text, kept as is
``website``                 web page
``email``                   e-mail cell(s); ``email:work`` / ``email:home`` /
                            ``email:other`` give the label of the whole column
``email_label:N``           the label of the values in column N (0-based index), as in
                            Google's ``E-mail 1 - Label`` next to ``E-mail 1 - Value``
``phone``                   phone cell(s); ``phone:work`` / ``phone:mobile`` /
                            ``phone:home`` / ``phone:fax`` / ``phone:other``
``phone_label:N``           the label of the phones in column N
``do_not_contact``          yes/no flag (PressDesk's own export)
``ignore``                  known column deliberately dropped (Outlook's ``E-mail Type``)
``None``                    unknown column: kept in notes as ``"Header: value"``
==========================  =============================================================

Headers are compared after normalising (case, accents, punctuation and spacing are
ignored, "E-mail" equals "Email", a column number such as the ``2`` of
``Business Phone 2`` is tried without it), so the table below lists each header once, in
the languages of the files officers receive (English, Russian, French, Spanish, German):
Outlook, Google (current and old layouts), Thunderbird and plain hand-made sheets.

Two headers mean different things depending on their neighbours: ``Title``/``Titre``
is the honorific when a job-title column is also present (Outlook) and the role
otherwise; ``Nom``/``Nombre``/``Имя`` are a part of the name when the complementary part
is present and the full name otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from pressdesk.domain.names import without_marks
from pressdesk.domain.plurals import counted

__all__ = [
    "FIELDS",
    "MappingError",
    "guess_field",
    "guess_mapping",
    "header_score",
    "is_valid_field",
    "normalise_header",
    "parse_mapping_overrides",
]

FIELDS: tuple[str, ...] = (
    "name",
    "given_name",
    "middle_name",
    "family_name",
    "honorific",
    "suffix",
    "nickname",
    "organization",
    "department",
    "role",
    "country",
    "city",
    "languages",
    "tags",
    "notes",
    "website",
    "email",
    "phone",
    "do_not_contact",
    "ignore",
)
EMAIL_LABELS = ("work", "home", "other")
PHONE_LABELS = ("work", "mobile", "home", "fax", "other")


class MappingError(ValueError):
    """A mapping override names an unknown column or field; the message says which."""


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "full name", "fullname", "display name", "contact name", "contact",
        "focal point", "focal point name", "person", "participant",
        "фио", "ф и о", "полное имя", "имя и фамилия", "фамилия имя", "фамилия и имя",
        "фамилия имя отчество", "контактное лицо", "nom complet", "nom et prenom",
        "prenom et nom", "nombre completo", "nombre y apellidos", "vollstandiger name",
    ),
    "given_name": (
        "first name", "firstname", "given name", "forename", "first", "prenom",
        "vorname", "primer nombre",
    ),
    "middle_name": (
        "middle name", "additional name", "middle", "отчество", "deuxieme prenom",
        "second prenom", "segundo nombre", "weitere vornamen",
    ),
    "family_name": (
        "last name", "lastname", "family name", "surname", "last", "фамилия",
        "apellidos", "apellido", "nachname", "nom de famille",
    ),
    "honorific": (
        "honorific", "salutation", "prefix", "name prefix", "обращение", "civilite",
        "tratamiento", "anrede", "titulo",
    ),
    "suffix": ("suffix", "name suffix", "суффикс", "suffixe", "sufijo"),
    "nickname": ("nickname", "nick", "прозвище", "псевдоним", "surnom", "apodo", "spitzname"),
    "organization": (
        "organization", "organisation", "org", "company", "agency", "institution",
        "employer", "organization name", "organisation name", "company name",
        "организация", "компания", "учреждение", "ведомство", "место работы",
        "societe", "entreprise", "organizacion", "empresa", "institucion", "firma",
    ),
    "department": (
        "department", "dept", "unit", "division", "section", "отдел", "подразделение",
        "departement", "service", "departamento", "abteilung", "organization department",
    ),
    "role": (
        "role", "job title", "jobtitle", "position", "function", "designation",
        "post", "должность", "позиция", "fonction", "poste", "titre du poste", "cargo",
        "puesto", "organization title", "job", "occupation",
    ),
    "country": (
        "country", "nation", "country region", "business country region",
        "business country", "home country region", "other country region",
        "work country", "home country", "страна", "страна или регион", "pays",
        "pays region", "pais", "land", "land region", "land region geschaftlich",
        "страна или регион раб адрес", "pays region bureau",
    ),
    "city": (
        "city", "town", "business city", "home city", "other city", "work city",
        "город", "город раб адрес", "ville", "ville bureau", "ciudad", "stadt", "ort",
        "ort geschaftlich",
    ),
    "languages": (
        "languages", "language", "languages spoken", "языки", "язык", "langues",
        "langue", "idiomas", "idioma", "sprachen", "sprache",
    ),
    "tags": (
        "tags", "tag", "labels", "label", "categories", "category", "group",
        "groups", "group membership", "lists", "list", "теги", "метки", "категории",
        "категория", "группа", "группы", "categories outlook", "groupe", "groupes",
        "etiquettes", "etiquetas", "categorias", "kategorien",
    ),
    "notes": (
        "notes", "note", "comments", "comment", "remarks", "remark", "заметки",
        "примечание", "примечания", "комментарий", "комментарии", "notizen",
        "remarques", "commentaires", "notas", "observaciones", "comentarios",
        "invalid values",
    ),
    "website": (
        "website", "web page", "webpage", "web site", "url", "homepage", "web",
        "сайт", "веб сайт", "веб страница", "site web", "site", "page web",
        "sitio web", "pagina web", "webseite",
    ),
    "email": (
        "email", "email address", "emails", "mail", "email addresses", "primary email",
        "secondary email", "courriel", "adresse email", "adresse courriel",
        "adresse de messagerie", "correo", "correo electronico", "email адрес",
        "эл почта", "электронная почта", "почта", "адрес эл почты",
        "адрес электронной почты", "e почта", "email adresse", "email adresse",
        "emailadresse", "email 1 value",
    ),
    "email:work": ("work email", "business email", "email work", "рабочая почта"),
    "email:home": ("home email", "personal email", "email home", "личная почта"),
    "phone": (
        "phone", "telephone", "tel", "phone number", "phones", "telephone number",
        "primary phone", "тел", "телефон", "телефоны", "номер телефона", "telefon",
        "telefono", "telephones", "numero de telephone", "contact number",
        "главный телефон", "telefono principal", "haupttelefon", "telephone principal",
    ),
    "phone:work": (
        "work phone", "business phone", "office phone", "company main phone",
        "рабочий телефон", "тел раб", "телефон рабочий", "служебный телефон",
        "telephone bureau", "telephone travail", "telefono trabajo",
        "telefono del trabajo", "telefon geschaftlich", "telefono de la oficina",
        "telefono oficina", "телефон организации",
    ),
    "phone:mobile": (
        "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone",
        "car phone", "моб телефон", "мобильный", "мобильный телефон", "сотовый",
        "сотовый телефон", "моб", "portable", "tel mobile", "telephone mobile",
        "telephone portable", "movil", "telefono movil", "celular", "mobiltelefon",
        "handy",
    ),
    "phone:home": (
        "home phone", "домашний телефон", "telephone domicile", "telefono particular",
        "telefon privat", "telefono de casa",
    ),
    "phone:fax": (
        "fax", "business fax", "home fax", "other fax", "fax number", "факс",
        "рабочий факс", "домашний факс", "telecopie", "telecopie bureau", "fax bureau",
        "fax geschaftlich", "fax privat",
    ),
    "phone:other": (
        "other phone", "другой телефон", "autre telephone", "otro telefono",
        "weiteres telefon", "pager", "pager number",
    ),
    "do_not_contact": (
        "do not contact", "do not email", "dnc", "opt out", "unsubscribed",
        "не беспокоить",
    ),
    "ignore": (
        "email type", "email display name", "email typ", "email angezeigter name",
        "type de messagerie", "nom complet de l adresse de messagerie",
        "тип эл почты", "краткое имя эл почты", "отображаемое имя эл почты",
        "phonetic first name", "phonetic middle name", "phonetic last name",
        "yomi first name", "yomi last name", "photo", "initials", "screen name",
        "id", "pressdesk id", "file as", "no", "nr", "no п п", "п п", "n", "num",
    ),
}  # fmt: skip

# Headers whose meaning depends on the other columns: header -> (field when one of
# `partners` is present, partners, field otherwise).
_CONTEXTUAL: dict[str, tuple[str, frozenset[str], str]] = {
    "title": ("honorific", frozenset({"role"}), "role"),
    "titre": ("honorific", frozenset({"role"}), "role"),
    "nom": ("family_name", frozenset({"given_name"}), "name"),
    "nombre": ("given_name", frozenset({"family_name"}), "name"),
    "имя": ("given_name", frozenset({"family_name"}), "name"),
}

_GOOGLE = re.compile(
    r"^(email|phone|website|organization|address|relation|event|im|custom field|"
    r"external id) (\d+) ([a-z ]+)$"
)
_GOOGLE_PARTS: dict[tuple[str, str], str | None] = {
    ("organization", "name"): "organization",
    ("organization", "title"): "role",
    ("organization", "department"): "department",
    ("organization", "type"): "ignore",
    ("organization", "label"): "ignore",
    ("organization", "symbol"): "ignore",
    ("organization", "location"): None,
    ("organization", "job description"): None,
    ("organization", "yomi name"): "ignore",
    ("organization", "phonetic name"): "ignore",
    ("website", "value"): "website",
    ("website", "type"): "ignore",
    ("website", "label"): "ignore",
    ("address", "country"): "country",
    ("address", "city"): "city",
    ("address", "formatted"): None,
    ("address", "type"): "ignore",
    ("address", "label"): "ignore",
    ("address", "street"): "ignore",
    ("address", "po box"): "ignore",
    ("address", "extended address"): "ignore",
    ("address", "region"): "ignore",
    ("address", "postal code"): "ignore",
}


def normalise_header(text: str) -> str:
    """Casefolded, accent- and punctuation-free, single-spaced; "E-mail" becomes "email"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("№", " no "))
    plain = without_marks(decomposed).casefold()
    plain = re.sub(r"[\W_]+", " ", plain.replace("#", " no ")).strip()
    plain = re.sub(r"\be mail\b", "email", plain)
    return re.sub(r"\bmails\b", "mail", plain) if plain == "e mails" else plain


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field, synonyms in _SYNONYMS.items():
        for synonym in synonyms:
            table.setdefault(normalise_header(synonym), field)
    return table


_TABLE = _build_table()


def guess_field(header: str) -> str | None:
    """The field a header names on its own (without context), or ``None``."""
    key = normalise_header(header)
    if not key:
        return None
    if key in _CONTEXTUAL:
        return _CONTEXTUAL[key][2]
    if key in _TABLE:
        return _TABLE[key]
    google = _GOOGLE.match(key)
    if google:
        kind, _, part = google.groups()
        if kind in ("email", "phone") and part in ("value", "label", "type"):
            return kind if part == "value" else "ignore"
        if (kind, part) in _GOOGLE_PARTS:
            return _GOOGLE_PARTS[kind, part]
    without_numbers = " ".join(w for w in key.split() if not w.isdigit())
    if without_numbers != key:
        return _TABLE.get(without_numbers)
    return None


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """One field (or ``None``) per header; see the module docstring."""
    keys = [normalise_header(h) for h in headers]
    mapping = [guess_field(h) for h in headers]
    present = {f for f, k in zip(mapping, keys, strict=True) if k not in _CONTEXTUAL}
    for i, key in enumerate(keys):
        if key in _CONTEXTUAL:
            with_partner, partners, alone = _CONTEXTUAL[key]
            mapping[i] = with_partner if partners & present else alone
    # Google's "E-mail 1 - Label" / old "E-mail 1 - Type" give the label of "E-mail 1 - Value".
    values = {}
    for i, key in enumerate(keys):
        google = _GOOGLE.match(key)
        if google and google.group(1) in ("email", "phone") and google.group(3) == "value":
            values[google.group(1), google.group(2)] = i
    for i, key in enumerate(keys):
        google = _GOOGLE.match(key)
        if (
            google
            and google.group(1) in ("email", "phone")
            and google.group(3)
            in (
                "label",
                "type",
            )
        ):
            target = values.get((google.group(1), google.group(2)))
            mapping[i] = f"{google.group(1)}_label:{target}" if target is not None else "ignore"
    return mapping


def header_score(cells: Sequence[str]) -> int:
    """How many cells of a row look like known column headers (for header-row detection)."""
    return sum(1 for field in guess_mapping(cells) if field is not None)


def is_valid_field(field: str, columns: int | None = None) -> bool:
    """True for a field name that a mapping may hold (see the module docstring)."""
    if field in FIELDS:
        return True
    kind, _, rest = field.partition(":")
    if kind == "email":
        return rest in EMAIL_LABELS
    if kind == "phone":
        return rest in PHONE_LABELS
    if kind in ("email_label", "phone_label"):
        return rest.isdigit() and (columns is None or int(rest) < columns)
    return False


def _column(ref: str, headers: Sequence[str]) -> int:
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        number = int(ref[1:])
        if 1 <= number <= len(headers):
            return number - 1
        raise MappingError(
            f"There is no column {ref}: the table has {counted(len(headers), 'column')}."
        )
    exact = [i for i, h in enumerate(headers) if h.strip() == ref]
    if not exact:
        exact = [i for i, h in enumerate(headers) if normalise_header(h) == normalise_header(ref)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        numbers = ", ".join(f"#{i + 1}" for i in exact)
        raise MappingError(f'Several columns are called "{ref}"; name one by number: {numbers}.')
    known = ", ".join(f'"{h}"' for h in headers)
    raise MappingError(f'There is no column "{ref}". The columns are: {known}.')


def parse_mapping_overrides(items: Sequence[str], headers: Sequence[str]) -> dict[int, str]:
    """Parse ``"Column header=field"`` items (the CLI's ``--map``) into {column index: field}.

    A column may also be named by its 1-based number, ``"#3=email"``. In
    ``email_label:X`` / ``phone_label:X`` X is a column header, ``#number`` or 0-based index.
    Raises :class:`MappingError` with a message fit for the user.
    """
    overrides: dict[int, str] = {}
    for item in items:
        ref, sep, field = item.rpartition("=")
        field = field.strip()
        if not sep or not ref.strip():
            raise MappingError(f'"{item}" is not of the form "Column header=field".')
        index = _column(ref, headers)
        kind, colon, target = field.partition(":")
        if colon and kind in ("email_label", "phone_label") and not target.isdigit():
            field = f"{kind}:{_column(target, headers)}"
        if not is_valid_field(field, len(headers)):
            choices = ", ".join(FIELDS)
            raise MappingError(
                f'"{field}" is not a field. Use one of: {choices}, email:work|home|other, '
                "phone:work|mobile|home|fax|other, email_label:COLUMN, phone_label:COLUMN."
            )
        overrides[index] = field
    return overrides
