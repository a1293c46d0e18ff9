"""Programme settings: name, office, school calendar and vocabularies. One ``programme:`` block per records tree."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pairkit.model.fields import Count, Day, Labelled, Text, empty_list
from pairkit.model.records import Record
from pairkit.model.vocab import Vocabularies


class YearBasis(Labelled):
    SCHOOL = "school", "学年"
    CALENDAR = "calendar", "自然年"


class SchoolTerm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Text = Field(title="学期名称", description="例如 秋季学期")
    start: Day = Field(title="开始日期")
    end: Day = Field(title="结束日期")


class SchoolYear(BaseModel):
    """The terms of one school year. ``year: 2024`` is the school year 2024–2025."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: Count = Field(ge=1990, le=2100, title="学年", description="学年开始的年份")
    terms: list[SchoolTerm] = Field(min_length=1, title="学期")


class Programme(Record):
    """The ``programme:`` block. Years not listed in ``calendar`` get the default terms (see docs/records.md)."""

    name: Text = Field(title="项目名称")
    office: Text = Field(title="主管单位")
    letterhead: Text | None = Field(
        None, title="发文机关标志", description="红头上的文字，例如 云溪县教育局文件；空表示用主管单位名称"
    )
    doc_number: Text | None = Field(
        None, title="发文字号", description="例如 云教〔2026〕15号，印在红头下；报告时可用 --number 另给"
    )
    county: Text | None = Field(None, title="县（市、区）")
    year_basis: YearBasis = Field(YearBasis.SCHOOL, title="统计年度", description="学年（9 月至次年 8 月）或自然年")
    calendar: list[SchoolYear] = empty_list(title="校历")
    vocabularies: Vocabularies = Field(Vocabularies(), title="词表")
