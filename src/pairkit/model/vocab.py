"""Programme vocabularies: activity kinds, subjects, titles and dimensions, each a key with a Chinese label.

Records may write either the key (``demo_lesson``) or the label (``示范课``); validation stores the key. The defaults
below follow the seeds; a programme's settings add terms or relabel them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from pairkit.model.fields import Flag, Id, Text


class Term(BaseModel):
    """One vocabulary entry. ``dimension`` is used by activity kinds, ``senior`` by titles."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: Text
    dimension: str | None = None
    senior: Flag = False


def _shorthand(value: Any) -> Any:
    return {"label": value} if isinstance(value, str) else value


TermSpec = Annotated[Term, BeforeValidator(_shorthand)]

# Where activities are reported in 二、主要做法和成效 (seed 000/003/004: 师资, 教学, 管理, 物资, 学生).
DEFAULT_DIMENSIONS: dict[str, str] = {
    "staff": "师资帮扶",
    "teaching": "教学教研",
    "management": "管理交流",
    "material": "物资帮扶",
    "student": "学生交流",
    "party": "党建共建",
    "health": "卫生帮扶",
}

DEFAULT_ACTIVITY_KINDS: dict[str, tuple[str, str]] = {
    "lecture": ("专题讲座", "teaching"),
    "demo_lesson": ("示范课", "teaching"),
    "open_lesson": ("公开课", "teaching"),
    "lesson_prep": ("集体备课", "teaching"),
    "teaching_research": ("教学研究活动", "teaching"),
    "lesson_talk": ("说课教研", "teaching"),
    "ict_lesson": ("信息技术整合课", "teaching"),
    "experience_exchange": ("教学经验交流会", "teaching"),
    "training": ("教师培训", "staff"),
    "observation": ("跟岗观摩", "staff"),
    "joint_meeting": ("联席会议", "management"),
    "management_talk": ("管理经验讲座", "management"),
    "inspection": ("检查督导", "management"),
    "visit": ("走访互访", "management"),
    "student_exchange": ("学生交流", "student"),
    "free_clinic": ("义诊", "health"),
    "health_guidance": ("业务指导", "health"),
    "party_lesson": ("党课", "party"),
}

DEFAULT_SUBJECTS: dict[str, str] = {
    "chinese": "语文",
    "math": "数学",
    "english": "英语",
    "physics": "物理",
    "chemistry": "化学",
    "biology": "生物",
    "politics": "思想政治",
    "morality": "道德与法治",
    "history": "历史",
    "geography": "地理",
    "science": "科学",
    "music": "音乐",
    "pe": "体育",
    "art": "美术",
    "it": "信息技术",
    "psychology": "心理健康",
    "medicine": "医学",
}

# 中小学教师职称 (2015 reform) plus the medical titles a paired health centre uses.
DEFAULT_TITLES: dict[str, tuple[str, bool]] = {
    "professor": ("正高级教师", True),
    "senior": ("高级教师", True),
    "first": ("一级教师", False),
    "second": ("二级教师", False),
    "third": ("三级教师", False),
    "chief_physician": ("主任医师", True),
    "associate_chief_physician": ("副主任医师", True),
    "attending_physician": ("主治医师", False),
    "physician": ("医师", False),
}

VOCABULARY_NAMES = ("activity_kinds", "subjects", "titles", "dimensions")

# The default terms in English, for `--lang en`; a programme's own or relabelled terms are shown as written.
DEFAULTS_EN: dict[str, dict[str, str]] = {
    "dimensions": {
        "staff": "teacher support",
        "teaching": "teaching and research",
        "management": "management exchange",
        "material": "material support",
        "student": "student exchange",
        "party": "party building",
        "health": "health support",
    },
    "activity_kinds": {
        "lecture": "lecture",
        "demo_lesson": "demonstration lesson",
        "open_lesson": "open lesson",
        "lesson_prep": "joint lesson preparation",
        "teaching_research": "teaching research session",
        "lesson_talk": "lesson talk",
        "ict_lesson": "ICT-integrated lesson",
        "experience_exchange": "experience exchange meeting",
        "training": "teacher training session",
        "observation": "job-shadowing visit",
        "joint_meeting": "joint meeting",
        "management_talk": "management talk",
        "inspection": "inspection",
        "visit": "visit",
        "student_exchange": "student exchange",
        "free_clinic": "free clinic",
        "health_guidance": "medical guidance visit",
        "party_lesson": "party lesson",
    },
    "subjects": {
        "chinese": "Chinese",
        "math": "mathematics",
        "english": "English",
        "physics": "physics",
        "chemistry": "chemistry",
        "biology": "biology",
        "politics": "politics",
        "morality": "morality and law",
        "history": "history",
        "geography": "geography",
        "science": "science",
        "music": "music",
        "pe": "physical education",
        "art": "art",
        "it": "information technology",
        "psychology": "mental health",
        "medicine": "medicine",
    },
    "titles": {
        "professor": "professor-level teacher",
        "senior": "senior teacher",
        "first": "first-grade teacher",
        "second": "second-grade teacher",
        "third": "third-grade teacher",
        "chief_physician": "chief physician",
        "associate_chief_physician": "associate chief physician",
        "attending_physician": "attending physician",
        "physician": "physician",
    },
}


class Vocabularies(BaseModel):
    """The ``vocabularies`` block of the programme settings: terms added to (or relabelling) the defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity_kinds: dict[Id, TermSpec] = {}
    subjects: dict[Id, TermSpec] = {}
    titles: dict[Id, TermSpec] = {}
    dimensions: dict[Id, TermSpec] = {}


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary in effect: defaults merged with the programme's own terms."""

    name: str
    terms: Mapping[str, Term]

    def key(self, value: str) -> str | None:
        """The key of a term written as its key or its label; None for an unknown term."""
        return self._keys.get(value)

    @cached_property
    def _keys(self) -> dict[str, str]:
        keys = {term.label: key for key, term in reversed(list(self.terms.items()))}  # the first wins a shared label
        return {**keys, **{key: key for key in self.terms}}

    def label(self, key: str) -> str:
        term = self.terms.get(key)
        return term.label if term else key

    def label_en(self, key: str) -> str:
        """The English name of a default term the programme left as it is; otherwise the label as written."""
        english = DEFAULTS_EN[self.name].get(key)
        return english if english is not None and self.defaults.get(key) == self.label(key) else self.label(key)

    @property
    def defaults(self) -> Mapping[str, str]:
        return _DEFAULT_LABELS[self.name]

    def suggest(self, value: str) -> str | None:
        candidates = {**{k: k for k in self.terms}, **{t.label: k for k, t in self.terms.items()}}
        close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.5)
        if not close:
            return None
        key = candidates[close[0]]
        return f"{key}（{self.terms[key].label}）"


_DEFAULT_LABELS: dict[str, Mapping[str, str]] = {
    "activity_kinds": {k: label for k, (label, _) in DEFAULT_ACTIVITY_KINDS.items()},
    "subjects": DEFAULT_SUBJECTS,
    "titles": {k: label for k, (label, _) in DEFAULT_TITLES.items()},
    "dimensions": DEFAULT_DIMENSIONS,
}


@dataclass(frozen=True)
class Vocab:
    activity_kinds: Vocabulary
    subjects: Vocabulary
    titles: Vocabulary
    dimensions: Vocabulary

    @classmethod
    def build(cls, own: Vocabularies | None = None) -> Vocab:
        own = own or Vocabularies()
        defaults: dict[str, dict[str, Term]] = {
            "activity_kinds": {k: Term(label=lb, dimension=d) for k, (lb, d) in DEFAULT_ACTIVITY_KINDS.items()},
            "subjects": {k: Term(label=lb) for k, lb in DEFAULT_SUBJECTS.items()},
            "titles": {k: Term(label=lb, senior=s) for k, (lb, s) in DEFAULT_TITLES.items()},
            "dimensions": {k: Term(label=lb) for k, lb in DEFAULT_DIMENSIONS.items()},
        }
        return cls(**{name: Vocabulary(name, {**defaults[name], **getattr(own, name)}) for name in VOCABULARY_NAMES})

    def __getitem__(self, name: str) -> Vocabulary:
        vocabulary: Vocabulary = getattr(self, name)
        return vocabulary

    def unknown_dimensions(self) -> Iterable[tuple[str, str]]:
        """Activity kinds whose ``dimension`` names no dimension: (kind key, dimension)."""
        for key, term in self.activity_kinds.terms.items():
            if term.dimension and self.dimensions.key(term.dimension) is None:
                yield key, term.dimension


def resolver(name: str) -> Callable[[str, ValidationInfo], str]:
    def resolve(value: str, info: ValidationInfo) -> str:
        vocab: Vocab | None = (info.context or {}).get("vocab")
        if vocab is None:
            return value
        vocabulary = vocab[name]
        key = vocabulary.key(value)
        if key is None:
            raise PydanticCustomError(
                "vocab_unknown",
                "unknown {vocabulary} term {value}",
                {"vocabulary": name, "value": value, "suggestion": vocabulary.suggest(value) or ""},
            )
        return key

    return resolve


_Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# Field types for values taken from a vocabulary (the key is stored whichever form the record used).
ActivityKind = Annotated[_Word, AfterValidator(resolver("activity_kinds"))]
Subject = Annotated[_Word, AfterValidator(resolver("subjects"))]
Title = Annotated[_Word, AfterValidator(resolver("titles"))]
Dimension = Annotated[_Word, AfterValidator(resolver("dimensions"))]
