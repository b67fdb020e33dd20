"""The 17 Sustainable Development Goals and 169 targets of the UN Agenda 2030.

Loaded once from ``resources/sdg/sdg.json`` (official titles in de, en, fr, ro, goal titles in ar, and
the official goal colours; the file names its sources).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from partnerdesk.resources import resource_path

LANGUAGES = ("de", "en", "fr", "ro")


@dataclass(frozen=True)
class Goal:
    number: int
    colour: str  # "#RRGGBB"
    short_titles: dict[str, str]
    titles: dict[str, str]

    def short(self, lang: str = "de") -> str:
        return self.short_titles.get(lang) or self.short_titles["en"]

    def title(self, lang: str = "de") -> str:
        return self.titles.get(lang) or self.titles["en"]


@dataclass(frozen=True)
class Target:
    code: str  # "6.1", "11.a"
    goal: int
    titles: dict[str, str]

    def title(self, lang: str = "de") -> str:
        return self.titles.get(lang) or self.titles["en"]


@cache
def _data() -> tuple[dict[int, Goal], dict[str, Target]]:
    raw = json.loads(resource_path("sdg", "sdg.json").read_text("utf-8"))
    goals = {g["number"]: Goal(g["number"], g["colour"], g["short"], g["title"]) for g in raw["goals"]}
    targets = {t["code"]: Target(t["code"], t["goal"], t["title"]) for t in raw["targets"]}
    return goals, targets


def goals() -> list[Goal]:
    return list(_data()[0].values())


def goal(number: int) -> Goal:
    return _data()[0][number]


def is_goal(number: object) -> bool:
    return isinstance(number, int) and number in _data()[0]


def targets(goal_number: int | None = None) -> list[Target]:
    all_targets = _data()[1].values()
    return [t for t in all_targets if goal_number is None or t.goal == goal_number]


def target(code: str) -> Target:
    return _data()[1][code]


def is_target(code: object) -> bool:
    return isinstance(code, str) and code in _data()[1]


def target_sort_key(code: str) -> tuple[int, int, str]:
    goal_part, _, rest = code.partition(".")
    return (int(goal_part), 0 if rest.isdigit() else 1, rest.zfill(3))
