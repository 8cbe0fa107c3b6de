"""The file format: pydantic models of the four file kinds (SPEC §3).

These classes are the single definition of the format. The loader validates
every YAML document into one of them, the JSON Schemas are exported from them,
and `fmt` takes its key order from their field order. Field descriptions are
given in English and Swedish ("English. / Svenska.").

No `from __future__ import annotations` here: pydantic would evaluate every field's
annotation from its text at import, a third of this module's start-up.
"""

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept a date or an ISO `YYYY-MM-DD` string; nothing else (no timestamps, no numbers)."""
    # the common case (every date read back from the cache): no strip, no pattern
    if (
        type(value) is str
        and len(value) == 10
        and value[4] == value[7] == "-"
        and value[:4].isdigit()
        and value[5:7].isdigit()
        and value[8:].isdigit()
    ):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "no such date") from None
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_with_time", "a date without a time of day is expected")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE_RE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise PydanticCustomError("date_invalid", "no such date") from None
    raise PydanticCustomError("date_format", "a date in the form YYYY-MM-DD is expected")


def _none_as_empty_list(value: Any) -> Any:
    """An empty key (`measurements:`) means an empty list, not an error."""
    return [] if value is None else value


ISODate = Annotated[dt.date, BeforeValidator(_iso_date)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Ref = Annotated[str, Field(min_length=1, max_length=200)]
"""A reference to another file's or an organisation's id. Any text is taken, so that a
reference written as the name, or with å, ä, ö, reaches the reference check (PS201),
which knows the ids and names there are and says which one was meant."""
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Number = Annotated[float, Field(allow_inf_nan=False)]


class _Model(BaseModel):
    """Common configuration: unknown fields are errors, numbers may stand for text."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
        frozen=False,
        use_enum_values=False,
        validate_default=False,
        defer_build=True,
    )


def _list_field(description: str) -> Any:
    return Field(default_factory=list, description=description)


# ---------------------------------------------------------------- enumerations


class ProgrammePhase(StrEnum):
    DEFINITION = "definition"
    IMPLEMENTATION = "implementation"
    CLOSING = "closing"
    CLOSED = "closed"


class ProjectPhase(StrEnum):
    PROPOSED = "proposed"
    PRE_STUDY = "pre-study"
    PLANNING = "planning"
    EXECUTION = "execution"
    COMPLETED = "completed"
    HANDED_OVER = "handed-over"
    CANCELLED = "cancelled"


class Language(StrEnum):
    SV = "sv"
    EN = "en"


class OrganisationType(StrEnum):
    MUNICIPAL = "municipal"
    AUTHORITY = "authority"
    CIVIL_SOCIETY = "civil-society"
    ACADEMIA = "academia"
    BUSINESS = "business"
    HOUSING = "housing"
    RESIDENTS = "residents"
    OTHER = "other"


class BenefitLevel(StrEnum):
    END = "end"
    INTERMEDIATE = "intermediate"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class GapStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class DecisionKind(StrEnum):
    DECISION = "decision"
    PROPOSAL = "proposal"
    DELEGATED = "delegated"


class BodyRole(StrEnum):
    OWNER = "owner"
    STEERING_GROUP = "steering-group"
    PREPARATORY = "preparatory"
    COORDINATION = "coordination"
    WORKING_GROUP = "working-group"
    REFERENCE_GROUP = "reference-group"
    OTHER = "other"


class EvaluationKind(StrEnum):
    EXTERNAL = "external"
    INTERNAL = "internal"
    RESEARCH = "research"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DONE = "done"


class ResourceCategory(StrEnum):
    STAFF = "staff"
    ACTIVITIES = "activities"
    COMMUNICATION = "communication"
    PREMISES = "premises"
    OTHER = "other"


class ResourceKind(StrEnum):
    CASH = "cash"
    IN_KIND = "in-kind"


# ---------------------------------------------------------------- shared values


class Period(_Model):
    """A planned period. / En planerad period."""

    start: ISODate = Field(description="First day. / Första dag.")
    end: ISODate = Field(description="Last day. / Sista dag.")


class Organisation(_Model):
    """An actor taking part in the programme. / En aktör i programmet."""

    id: Id = Field(description="Id other files refer to. / Id som andra filer hänvisar till.")
    name: str = Field(description="Name. / Namn.")
    type: OrganisationType | None = Field(default=None, description="Kind of actor. / Typ av aktör.")


class Decision(_Model):
    """An entry of the decision log. / En post i beslutsloggen."""

    id: Id | None = Field(
        default=None, description="Id, unique in the file, for goals to name. / Id, unikt i filen."
    )
    date: ISODate = Field(description="Date of the decision. / Beslutsdatum.")
    body: str = Field(description="Deciding body, e.g. Kommunstyrelsen. / Beslutande organ.")
    kind: DecisionKind = Field(
        default=DecisionKind.DECISION,
        description="decision, proposal (e.g. a working committee's to the board) or delegated. "
        "/ Beslut, förslag eller delegationsbeslut.",
    )
    reference: str | None = Field(default=None, description="Case number. / Diarienummer.")
    summary: str = Field(description="What was decided. / Vad som beslutades.")


class Body(_Model):
    """A governing body. / Ett organ i styrningen."""

    id: Id = Field(description="Id. / Id.")
    name: str = Field(description="Name. / Namn.")
    role: BodyRole = Field(description="Role in the governance. / Roll i styrningen.")
    meets_every_weeks: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        default=None, description="Meets every N weeks. / Möts var N:e vecka."
    )
    reports_to: Id | None = Field(
        default=None, description="Body or organisation id it reports to. / Rapporterar till."
    )


class Reporting(_Model):
    """A report owed upward, e.g. DR1, DR2, Årsanalys. / En återrapportering uppåt."""

    id: Id = Field(description="Id. / Id.")
    name: str = Field(description="Name. / Namn.")
    to: Id = Field(description="Body or organisation id it goes to. / Mottagande organ.")
    every_months: Annotated[int, Field(ge=1)] = Field(description="Due every N months. / Var N:e månad.")
    delivered: Annotated[list[ISODate], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Dates delivered. / Datum då den lämnats."
    )


class Recommendation(_Model):
    """An evaluation's recommendation and the response. / En rekommendation och svaret på den."""

    id: Id = Field(description="Id. / Id.")
    text: str = Field(description="The recommendation. / Rekommendationen.")
    response: str | None = Field(default=None, description="The response. / Svaret.")
    status: RecommendationStatus = Field(
        default=RecommendationStatus.OPEN, description="open, accepted, rejected or done. / Status."
    )
    due: ISODate | None = Field(default=None, description="Due date. / Senast.")


class Evaluation(_Model):
    """An evaluation or follow-up research. / En utvärdering eller följeforskning."""

    id: Id = Field(description="Id. / Id.")
    by: str = Field(description="Who evaluates. / Utvärderare.")
    kind: EvaluationKind | None = Field(
        default=None, description="external, internal or research. / Extern, intern eller forskning."
    )
    period: Period = Field(
        description="When the evaluation ran (PS807 looks at its start). / När utvärderingen pågick."
    )
    findings: Annotated[list[str], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Findings. / Iakttagelser."
    )
    recommendations: Annotated[list[Recommendation], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Recommendations. / Rekommendationer."
    )


class Resource(_Model):
    """The programme's own running costs and staff in a year. / Programmets egna resurser ett år."""

    year: Annotated[int, Field(ge=1900, le=2200)] = Field(description="Year. / År.")
    category: ResourceCategory = Field(
        description="staff, activities, communication, premises or other. / Kategori."
    )
    amount: Amount = Field(default=0, description="Amount (0 when only FTEs are given). / Belopp.")
    fte: Amount | None = Field(default=None, description="Full-time equivalents. / Årsarbetare.")
    payer: Ref | None = Field(default=None, description="Paying organisation id. / Betalare.")
    kind: ResourceKind = Field(
        default=ResourceKind.CASH, description="cash or in-kind. / Kontant eller i natura."
    )
    note: str | None = Field(default=None, description="Note. / Anteckning.")


# ---------------------------------------------------------------- programme.yaml


class Programme(_Model):
    """programme.yaml: the programme itself. / Programmet."""

    name: str = Field(description="Programme name. / Programmets namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    vision: str | None = Field(default=None, description="Vision. / Vision.")
    owner: Ref = Field(description="Accountable organisation id. / Ansvarig organisation (programägare).")
    manager: str | None = Field(default=None, description="Programme manager. / Programchef.")
    phase: ProgrammePhase = Field(description="MSP lifecycle phase. / Fas.")
    period: Period = Field(description="Planned programme period. / Programperiod.")
    measure_until: ISODate | None = Field(
        default=None, description="Benefits are followed up until. / Nyttorna följs upp till."
    )
    language: Language = Field(default=Language.SV, description="Report language. / Rapportspråk.")
    currency: str = Field(default="SEK", description="Currency. / Valuta.")
    areas: Annotated[list[str], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Geographic areas. / Geografiska områden (stadsdelar)."
    )
    organisations: list[Organisation] = Field(description="Every actor. / Alla aktörer.")
    decisions: Annotated[list[Decision], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Decision log. / Beslutslogg."
    )
    bodies: Annotated[list[Body], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Governing bodies. / Organ i styrningen."
    )
    reporting: Annotated[list[Reporting], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Reports owed upward. / Återrapportering."
    )
    evaluations: Annotated[list[Evaluation], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Evaluations. / Utvärderingar."
    )
    resources: Annotated[list[Resource], BeforeValidator(_none_as_empty_list)] = _list_field(
        "The programme's own running costs and staff. / Programmets egna resurser."
    )


# ---------------------------------------------------------------- portfolio.yaml


class Goal(_Model):
    """A goal the portfolio's owner decided. / Ett mål som ägaren beslutat."""

    id: Id = Field(description="Id. / Id.")
    name: str = Field(description="Name. / Namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    decided_by: Id | None = Field(default=None, description="Decision id. / Beslutets id.")


class SharedIndicator(_Model):
    """An indicator every programme of the portfolio reports. / En gemensam indikator."""

    id: Id = Field(description="Id. / Id.")
    name: str = Field(description="Name. / Namn.")
    unit: str | None = Field(default=None, description="Unit. / Enhet.")
    direction: Direction = Field(description="Which way is better. / Önskad riktning.")
    source: str | None = Field(default=None, description="Data source. / Källa.")
    by_sex: bool = Field(default=False, description="Reported for women and men. / Könsuppdelad.")


class GlossaryEntry(_Model):
    """A shared definition. / Ett gemensamt begrepp."""

    term: str = Field(description="Term. / Begrepp.")
    definition: str = Field(description="Definition. / Definition.")
    source: str | None = Field(default=None, description="Source. / Källa.")


class PortfolioFile(_Model):
    """portfolio.yaml: programmes under one owner and one goal picture. / En portfölj av program."""

    name: str = Field(description="Name. / Namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    owner: Id = Field(description="Owning organisation id. / Ägare.")
    period: Period | None = Field(default=None, description="Period. / Period.")
    language: Language = Field(default=Language.SV, description="The programmes' default language. / Språk.")
    currency: str = Field(default="SEK", description="Currency. / Valuta.")
    organisations: list[Organisation] = Field(
        description="Shared actors, referable from every programme. / Gemensamma aktörer."
    )
    decisions: Annotated[list[Decision], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Decision log. / Beslutslogg."
    )
    goals: Annotated[list[Goal], BeforeValidator(_none_as_empty_list)] = _list_field(
        "The goals the owner decided. / Målbild."
    )
    indicators: Annotated[list[SharedIndicator], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Shared indicators. / Gemensamma indikatorer."
    )
    glossary: Annotated[list[GlossaryEntry], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Shared definitions. / Begrepp."
    )
    bodies: Annotated[list[Body], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Governing bodies. / Organ i styrningen."
    )
    reporting: Annotated[list[Reporting], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Reports owed upward. / Återrapportering."
    )
    evaluations: Annotated[list[Evaluation], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Evaluations. / Utvärderingar."
    )


# ---------------------------------------------------------------- benefits/ID.yaml


class Measurement(_Model):
    """One measured value. / Ett mätvärde."""

    date: ISODate = Field(description="Date measured. / Mätdatum.")
    value: Number = Field(description="Value (the total). / Värde (totalt).")
    women: Number | None = Field(
        default=None, description="Value for women (by_sex indicators). / Värde för kvinnor."
    )
    men: Number | None = Field(
        default=None, description="Value for men (by_sex indicators). / Värde för män."
    )
    note: str | None = Field(default=None, description="Note. / Anteckning.")
    source: str | None = Field(
        default=None, description="Where the value comes from, e.g. Kolada N00945. / Källa till värdet."
    )


class DatedValue(_Model):
    """A value on a date (baseline or target). / Ett värde vid ett datum."""

    date: ISODate = Field(description="Date. / Datum.")
    value: Number = Field(description="Value (the total). / Värde (totalt).")
    women: Number | None = Field(
        default=None, description="Value for women (by_sex indicators). / Värde för kvinnor."
    )
    men: Number | None = Field(
        default=None, description="Value for men (by_sex indicators). / Värde för män."
    )


class KoladaGender(StrEnum):
    TOTAL = "T"
    WOMEN = "K"
    MEN = "M"


def _municipality_code(value: Any) -> Any:
    """Municipality codes have four digits; an unquoted `0180` reads as the number 180."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10_000:
        return f"{value:04d}"
    return value


class KoladaRef(_Model):
    """Where Kolada keeps this indicator's values (`progstyr pull`). / Var Kolada har värdena."""

    kpi: str = Field(
        pattern=r"^[A-Z][0-9A-Z]{1,15}$",
        description="Key figure id, e.g. N31807. / Nyckeltalets id, t.ex. N31807.",
    )
    municipality: Annotated[str | None, BeforeValidator(_municipality_code)] = Field(
        default=None,
        pattern=r"^([0-9]{4}|G[0-9]{1,10})$",
        description='Municipality id, e.g. "1280" (or a group, G…). / Kommunens id, t.ex. "1280".',
    )
    ou: str | None = Field(
        default=None,
        pattern=r"^[0-9A-Z]{4,20}$",
        description="Organisational unit id, e.g. V15E144001301. / Organisatorisk enhets id.",
    )
    gender: KoladaGender = Field(
        default=KoladaGender.TOTAL,
        description="T total, K women, M men: which series is the indicator's value. "
        "/ T totalt, K kvinnor, M män.",
    )

    @model_validator(mode="after")
    def _one_place(self) -> "KoladaRef":
        if (self.municipality is None) == (self.ou is None):
            raise PydanticCustomError("kolada_place", "give either municipality or ou")
        return self


class Indicator(_Model):
    """How a benefit is measured. / Hur en nytta mäts."""

    id: Id = Field(description="Slug, unique in the benefit. / Id, unikt inom nyttan.")
    shared: Id | None = Field(
        default=None, description="The portfolio's shared indicator this reports. / Gemensam indikator."
    )
    # name and direction are required unless `shared` names the portfolio's indicator this
    # reports: then they (and unit, by_sex) may be left out and are taken from the portfolio
    # when the files are loaded (load.inherit_shared).
    name: str | None = Field(
        default=None, description="Name (required unless shared). / Namn (krävs om inte shared)."
    )
    unit: str | None = Field(default=None, description="Unit, e.g. %. / Enhet.")
    direction: Direction | None = Field(
        default=None,
        description="Which way is better (required unless shared). / Önskad riktning (krävs om inte shared).",
    )
    by_sex: bool = Field(
        default=False,
        description="Reported for women and men as well as in total (women, men beside every value). "
        "/ Könsuppdelad: kvinnor och män anges bredvid varje värde.",
    )
    source: str | None = Field(default=None, description="Data source. / Källa (t.ex. Kolada).")
    kolada: KoladaRef | None = Field(
        default=None,
        description="The Kolada key figure `progstyr pull` reads. / Nyckeltal i Kolada som pull hämtar.",
    )
    baseline: DatedValue | None = Field(default=None, description="Baseline. / Utgångsvärde.")
    target: DatedValue | None = Field(default=None, description="Target. / Målvärde.")
    measurements: Annotated[list[Measurement], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Measurements. / Mätningar."
    )

    @model_validator(mode="after")
    def _named_unless_shared(self) -> "Indicator":
        if self.shared is None:
            for field in ("name", "direction"):
                if getattr(self, field) is None:
                    raise PydanticCustomError(
                        "missing_unless_shared", "required unless shared", {"field": field}
                    )
        return self


class Benefit(_Model):
    """benefits/ID.yaml: a benefit the programme must bring. / En nytta."""

    name: str = Field(description="Name. / Namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    owner: Ref = Field(description="Benefit owner (organisation id). / Nyttoägare.")
    level: BenefitLevel = Field(default=BenefitLevel.END, description="end or intermediate. / Nivå.")
    contributes_to: Annotated[list[Ref], BeforeValidator(_none_as_empty_list)] = _list_field(
        "End benefits this feeds. / Nyttor som denna bidrar till."
    )
    serves: Annotated[list[Id], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Portfolio goals this end benefit serves. / Portföljens mål som nyttan tjänar."
    )
    indicators: Annotated[list[Indicator], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Indicators. / Indikatorer."
    )


# ---------------------------------------------------------------- gaps/ID.yaml


class Gap(_Model):
    """gaps/ID.yaml: a gap between today and the desired state. / Ett gap."""

    name: str = Field(description="Name. / Namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    current_state: str = Field(description="What is done today. / Nuläge.")
    desired_state: str = Field(description="The desired state. / Önskat läge.")
    benefits: Annotated[list[Ref], Field(min_length=1)] = Field(
        description="Benefits closing this gap serves. / Nyttor som gapet tjänar."
    )
    priority: Priority = Field(description="Joint prioritisation. / Prioritet.")
    identified: ISODate | None = Field(default=None, description="Date identified. / Identifierat.")
    status: GapStatus = Field(default=GapStatus.OPEN, description="open or closed. / Status.")


# ---------------------------------------------------------------- projects/ID.yaml


class Contact(_Model):
    """Contact person. / Kontaktperson."""

    name: str | None = Field(default=None, description="Name. / Namn.")
    email: str | None = Field(default=None, description="E-mail. / E-post.")
    phone: str | None = Field(default=None, description="Phone. / Telefon.")


class Funding(_Model):
    """One source of funding. / En finansieringskälla."""

    source: str = Field(description="Funder. / Finansiär.")
    amount: Amount = Field(description="Amount. / Belopp.")


class Budget(_Model):
    """Project budget. / Projektbudget."""

    total: Amount = Field(description="Total budget. / Total budget.")
    spent: Amount | None = Field(default=None, description="Spent so far. / Förbrukat.")
    funding: Annotated[list[Funding], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Funding sources. / Finansiering."
    )


class StatusUpdate(_Model):
    """A dated status rating; the last is current. / En statusrapport."""

    date: ISODate = Field(description="Date. / Datum.")
    overall: Rating = Field(description="Overall rating. / Helhetsbedömning.")
    schedule: Rating | None = Field(default=None, description="Schedule. / Tidplan.")
    budget: Rating | None = Field(default=None, description="Budget. / Budget.")
    scope: Rating | None = Field(default=None, description="Scope. / Omfattning.")
    comment: str | None = Field(default=None, description="Comment. / Kommentar.")


class Milestone(_Model):
    """A milestone. / En milstolpe."""

    name: str = Field(description="Name. / Namn.")
    date: ISODate = Field(description="Due date. / Datum.")
    done: bool = Field(default=False, description="Reached. / Klar.")


class Handover(_Model):
    """Who carries the work on. / Mottagare."""

    recipient: Ref = Field(description="Receiving organisation id. / Mottagande organisation.")
    date: ISODate | None = Field(default=None, description="Handover date. / Överlämningsdatum.")


class Risk(_Model):
    """A risk. / En risk."""

    description: str = Field(description="Description. / Beskrivning.")
    likelihood: RiskLevel | None = Field(default=None, description="Likelihood. / Sannolikhet.")
    impact: RiskLevel | None = Field(default=None, description="Impact. / Konsekvens.")
    owner: str | None = Field(default=None, description="Risk owner. / Riskägare.")
    mitigation: str | None = Field(default=None, description="Mitigation. / Åtgärd.")


class Project(_Model):
    """projects/ID.yaml: a gap-closing project. / Ett gapstängande projekt."""

    name: str = Field(description="Name. / Namn.")
    description: str | None = Field(default=None, description="Description. / Beskrivning.")
    owner: Ref = Field(description="Project owner (organisation id). / Projektägare.")
    contact: Contact | None = Field(default=None, description="Contact. / Kontakt.")
    phase: ProjectPhase = Field(description="Project phase. / Fas.")
    period: Period = Field(description="Project period. / Projektperiod.")
    closes: Annotated[list[Ref], BeforeValidator(_none_as_empty_list)] = Field(
        description="Gap ids this project closes. / Gap som projektet stänger."
    )
    partners: Annotated[list[Ref], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Partner organisation ids. / Samarbetspartner."
    )
    budget: Budget | None = Field(default=None, description="Budget. / Budget.")
    status: Annotated[list[StatusUpdate], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Status history; the last is current. / Statushistorik."
    )
    milestones: Annotated[list[Milestone], BeforeValidator(_none_as_empty_list)] = _list_field(
        "Milestones. / Milstolpar."
    )
    handover: Handover | None = Field(default=None, description="Handover. / Överlämning.")
    risks: Annotated[list[Risk], BeforeValidator(_none_as_empty_list)] = _list_field("Risks. / Risker.")


KIND_MODELS: dict[str, type[_Model]] = {
    "portfolio": PortfolioFile,
    "programme": Programme,
    "benefit": Benefit,
    "gap": Gap,
    "project": Project,
}
"""File kind → model. The folder a file sits in gives its kind."""

FOLDER_KINDS: dict[str, str] = {"benefits": "benefit", "gaps": "gap", "projects": "project"}
