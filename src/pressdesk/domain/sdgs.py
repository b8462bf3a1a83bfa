"""The 17 Sustainable Development Goals as value objects.

Short names are the ones the UN prints on the goal icons (un.org/sustainabledevelopment,
English, Russian and French sites). A release lists goals as lines such as
"SDG 10 - Reduced Inequalities"; `parse_sdg` reads that form and the shorter ones
officers type ("SDG10", "Goal 10", "ЦУР 10", "ODD 10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAMES: dict[str, tuple[str, ...]] = {
    "en": (
        "No Poverty",
        "Zero Hunger",
        "Good Health and Well-being",
        "Quality Education",
        "Gender Equality",
        "Clean Water and Sanitation",
        "Affordable and Clean Energy",
        "Decent Work and Economic Growth",
        "Industry, Innovation and Infrastructure",
        "Reduced Inequalities",
        "Sustainable Cities and Communities",
        "Responsible Consumption and Production",
        "Climate Action",
        "Life Below Water",
        "Life on Land",
        "Peace, Justice and Strong Institutions",
        "Partnerships for the Goals",
    ),
    "ru": (
        "Ликвидация нищеты",
        "Ликвидация голода",
        "Хорошее здоровье и благополучие",
        "Качественное образование",
        "Гендерное равенство",
        "Чистая вода и санитария",
        "Недорогостоящая и чистая энергия",
        "Достойная работа и экономический рост",
        "Индустриализация, инновации и инфраструктура",
        "Уменьшение неравенства",
        "Устойчивые города и населенные пункты",
        "Ответственное потребление и производство",
        "Борьба с изменением климата",
        "Сохранение морских экосистем",
        "Сохранение экосистем суши",
        "Мир, правосудие и эффективные институты",
        "Партнерство в интересах устойчивого развития",
    ),
    "fr": (
        "Pas de pauvreté",
        "Faim « zéro »",
        "Bonne santé et bien-être",
        "Éducation de qualité",
        "Égalité entre les sexes",
        "Eau propre et assainissement",
        "Énergie propre et d'un coût abordable",
        "Travail décent et croissance économique",
        "Industrie, innovation et infrastructure",
        "Inégalités réduites",
        "Villes et communautés durables",
        "Consommation et production responsables",
        "Mesures relatives à la lutte contre les changements climatiques",
        "Vie aquatique",
        "Vie terrestre",
        "Paix, justice et institutions efficaces",
        "Partenariats pour la réalisation des objectifs",
    ),
}

# The abbreviation each language uses in front of the number.
_PREFIX = {"en": "SDG", "ru": "ЦУР", "fr": "ODD"}

_SDG_LINE = re.compile(
    r"^\s*(?:SDGs?|Goal|ЦУР|ODD|Objectif)\s*(?:№\s*)?(?P<number>\d{1,2})\b"
    r"(?:\s*[-–—:.]\s*(?P<name>.*?))?\s*$",
    re.IGNORECASE,
)


def _base_language(language: str) -> str:
    return language.replace("-", "_").split("_", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class SdgGoal:
    """One goal, 1 to 17."""

    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 17:
            raise ValueError(f"There is no SDG {self.number}: goals are numbered 1 to 17.")

    def name(self, language: str = "en") -> str:
        """The short name in `language`, English when we have no translation."""
        names = _NAMES.get(_base_language(language), _NAMES["en"])
        return names[self.number - 1]

    def label(self, language: str = "en") -> str:
        """The line a release prints: "SDG 10 - Reduced Inequalities"."""
        prefix = _PREFIX.get(_base_language(language), _PREFIX["en"])
        return f"{prefix} {self.number} - {self.name(language)}"

    def __str__(self) -> str:
        return self.label("en")


ALL_GOALS: tuple[SdgGoal, ...] = tuple(SdgGoal(n) for n in range(1, 18))


def parse_sdg(text: str) -> SdgGoal | None:
    """Read "SDG 10 - Reduced Inequalities", "SDG10", "Goal 10", "ЦУР 10", "ODD 10".

    Returns None when the text is not a goal line or names a number outside 1..17.
    A name after the number is accepted whatever its wording: the number is what counts.
    """
    match = _SDG_LINE.match(text)
    if match is None:
        return None
    number = int(match["number"])
    if not 1 <= number <= 17:
        return None
    return SdgGoal(number)
