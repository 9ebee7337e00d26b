"""Validated planning input: what the model needs, free of Excel concerns.

The workbook reader (``planner.inputs``) builds a :class:`PlanningInput`; the model
(``models.capacity``) reads nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Places closer than this to a limit meet it: the solvers' feasibility tolerance, and the float
# round-off of a share times a population (0.035 × 6400 = 224.00000000000003). Limits, misses,
# the diagnosis's bound and the ratio rule all use this one figure.
PLACE_TOLERANCE = 1e-6


# What SSB's KOSTRA statistics count a type's places as: institution places (long-term, short-term, dementia
# units) or housing with 24-hour staff; none for places outside both (e.g. self-owned PPP units).
KOSTRA_KINDS = ("long_term", "short_term", "dementia", "housing_24h", "none")
INSTITUTION_KINDS = ("long_term", "short_term", "dementia")


@dataclass(frozen=True)
class PlaceType:
    """One kind of care place (institution long/short-term, service housing, PPP unit)."""

    type: str
    label: str
    groups: tuple[str, ...]
    investment_per_place: float
    grant_per_place: float
    operating_per_place_year: float
    rent_per_place_year: float
    lifetime_years: int
    lead_time_years: int
    module_size: int = 1
    max_new_per_year: int | None = None
    # "no": new places of this type only come through candidate projects (facilities).
    new_without_project: bool = True
    work_years_per_place: float = 0.0  # staff (årsverk) per place in service per year
    # Husbanken's renovation stream (post 63) for new places that replace closed ones; None: grant_per_place
    replacement_grant_per_place: float | None = None
    kostra: str = "none"  # what SSB's KOSTRA counts the places as (KOSTRA_KINDS), for the key figures

    @property
    def net_investment_per_place(self) -> float:
        return self.investment_per_place - self.grant_per_place

    @property
    def replacement_grant(self) -> float:
        """The grant of a new place that replaces closed ones (replacement_grant_per_place, or grant_per_place)."""
        return self.grant_per_place if self.replacement_grant_per_place is None else self.replacement_grant_per_place

    @property
    def has_replacement_grant(self) -> bool:
        """Whether a new place that replaces closed ones gets less (Husbanken's two streams apply to the type)."""
        return self.replacement_grant < self.grant_per_place

    @property
    def net_operating_per_place_year(self) -> float:
        return self.operating_per_place_year - self.rent_per_place_year


@dataclass(frozen=True)
class StockRow:
    """Existing or already decided places; in service from first_year to last_year inclusive."""

    site: str
    type: str
    places: int
    first_year: int | None = None  # None: open before the horizon
    last_year: int | None = None  # None: stays open

    def in_service(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


PLACES_BASE = "places:"  # a band base naming the places of another group: a composition band


@dataclass(frozen=True)
class Band:
    """A coverage band (dekningsgrad): min_share × base ≤ places of the group ≤ max_share × base."""

    band: str
    group: str
    base: str
    min_share: float | None
    max_share: float | None
    from_year: int
    to_year: int
    hard: bool = True
    penalty_per_place_year: float = 0.0
    label: str | None = None  # what people read (the plan's sheets); None: the band's name

    def years(self) -> range:
        return range(self.from_year, self.to_year + 1)

    @property
    def shown(self) -> str:
        """The band as people read it: its label, or its name."""
        return self.label or self.band

    @property
    def of_places(self) -> str | None:
        """A composition band's base group (base ``places:<group>``); None for a population base."""
        return self.base[len(PLACES_BASE) :] if self.base.startswith(PLACES_BASE) else None


FLOW_BASE = "flow:"  # the base of a flow's band: the places its row requires each year


@dataclass(frozen=True)
class Flow:
    """Short-term places sized by flow (korttid): admissions × mean stay and a service target.

    The reader turns each row into a band of its own (``band``) with min_share 1 of the places the
    row requires each year (population series ``FLOW_BASE + band``), so hard, soft, diagnosis and
    the coverage sheet treat it as any band; the plan workbook reports the service it gives.
    """

    band: str
    group: str
    from_year: int
    to_year: int
    mean_stay_days: float
    admissions_per_year: float | None = None
    admissions_per_1000: float | None = None
    base: str | None = None  # with admissions_per_1000: the population or need base
    max_refusal_probability: float | None = None
    max_occupancy: float | None = None
    hard: bool = True
    penalty_per_place_year: float = 0.0
    label: str | None = None  # what people read; None: the band's name

    def years(self) -> range:
        return range(self.from_year, self.to_year + 1)

    @property
    def required_base(self) -> str:
        return FLOW_BASE + self.band

    def admissions(self, population: dict[str, dict[int, float]], year: int) -> float:
        """Admissions in ``year``: as given, or admissions_per_1000 × base / 1,000."""
        if self.admissions_per_1000 is None:
            return self.admissions_per_year or 0.0
        return self.admissions_per_1000 * population[self.base][year] / 1000.0


@dataclass(frozen=True)
class ProjectMix:
    type: str
    min_places: int
    max_places: int


@dataclass(frozen=True)
class Project:
    """A candidate facility: opens at most once, all its types in the same year."""

    project: str
    earliest_year: int
    latest_year: int
    fixed_cost: float
    fixed_operating_year: float
    min_places: int
    max_places: int
    mix: tuple[ProjectMix, ...]
    fixed_work_years: float = 0.0  # staff per year from opening, whatever the size (night staff base)


@dataclass(frozen=True)
class Conversion:
    """Places changing type at the start of a year (e.g. long-term to short-term)."""

    from_type: str
    to_type: str
    cost_per_place: float
    max_per_year: int | None
    earliest_year: int


@dataclass(frozen=True)
class Commitment:
    """An opening already decided (contracted or under construction): kept as it is when re-planning.

    source is "new" for generic places, or the project's name (then all its types open that year).
    """

    year: int
    type: str
    source: str
    places: int


@dataclass(frozen=True)
class Site:
    """An existing site (named in stock.site) as a decision: keep it, renovate it, or close it."""

    site: str
    fixed_operating_year: float = 0.0  # NOK a year while its places are in service (night staff, building)
    end_of_life_year: int | None = None  # last year of use without renovation; None: no limit
    renovation_cost_per_place: float | None = None  # None: the site cannot be renovated
    renovation_grant_per_place: float = 0.0  # Husbanken's renovation stream (post 63)
    renovation_years: int = 0  # years its places are out of service during the works
    renovation_lifetime_years: int = 30  # years of use a renovation gives after the works
    earliest_renovation_year: int | None = None  # None: first_year
    may_close: bool = False
    closure_cost: float = 0.0

    @property
    def renovatable(self) -> bool:
        return self.renovation_cost_per_place is not None

    @property
    def net_renovation_per_place(self) -> float:
        return (self.renovation_cost_per_place or 0.0) - self.renovation_grant_per_place


@dataclass(frozen=True)
class Purchase:
    """Places the municipality may buy from a provider: a contract, counted like own places of the type."""

    provider: str
    type: str
    price_per_place_year: float
    max_places: int
    from_year: int
    to_year: int
    min_places: int = 0  # bought every year from_year … to_year (an agreement in force)
    min_contract_years: int = 1  # places contracted in a year stay contracted this many years

    def years(self) -> range:
        return range(self.from_year, self.to_year + 1)


@dataclass(frozen=True)
class Sale:
    """Own places the municipality may sell to a buyer (a neighbouring municipality): income, not coverage."""

    buyer: str
    type: str
    price_per_place_year: float
    max_places: int
    from_year: int
    to_year: int

    def years(self) -> range:
        return range(self.from_year, self.to_year + 1)


@dataclass
class PlanningInput:
    first_year: int
    last_year: int
    place_types: dict[str, PlaceType]
    population: dict[str, dict[int, float]]  # base column -> year -> persons
    bands: list[Band]
    stock: list[StockRow] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    budget: dict[int, float] = field(default_factory=dict)  # year -> max net investment
    labour: dict[int, float] = field(default_factory=dict)  # year -> max work-years of staff
    # need bases derived from age groups: base -> population column -> weight (also in population)
    need: dict[str, dict[str, float]] = field(default_factory=dict)
    # short-term flows: each is also a band in bands, its required places a series in population
    flows: list[Flow] = field(default_factory=list)
    discount_rate: float = 0.04
    scenario: str = ""
    investment_timing: str = "opening"  # or "spread"
    residual_value: bool = True
    # re-optimisation (planner reoptimise): openings kept as decided, and last year's plan to stay close to
    commitments: list[Commitment] = field(default_factory=list)
    baseline_openings: dict[tuple[str, str, int], int] = field(default_factory=dict)  # (source, type, year) -> places
    change_penalty_per_place: float = 0.0  # NOK per place opened differently from the baseline; not in the NPV
    frozen_until: int | None = None  # openings and conversions up to this year are the baseline's, exactly
    # a stochastic baseline's last committed year: its conversions and site works up to it are kept, exactly
    committed_until: int | None = None
    # a robust plan: the other population scenarios, whose hard bands the plan must also hold
    robust_populations: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)
    frozen_conversions: dict[tuple[str, str, int], int] = field(default_factory=dict)  # (from, to, year) -> places
    # the buildings the municipality has, and the places it buys and sells (issue 21)
    sites: list[Site] = field(default_factory=list)
    purchases: list[Purchase] = field(default_factory=list)
    sales: list[Sale] = field(default_factory=list)
    max_sold_share: float = 0.20  # places sold in a year ≤ this share of the type's own places in service
    purchased_places_use_own_staff: bool = False  # bought places count toward the labour ceiling
    grant_replacement_window_years: int = 10  # new places count as net new only if the total stays up this long
    frozen_sites: dict[tuple[str, str, int], int] = field(default_factory=dict)  # (site, decision, year) -> 1
    # a plan over the prognoses (issue 22): with plan = stochastic, robust_populations are the other scenarios
    plan: str = "single"  # or "stochastic"
    commit_years: int = 4  # years from first_year whose decisions are the same in every scenario
    risk_aversion: float = 0.0  # λ: (1 − λ)·expected + λ·CVaR_α of the scenarios' costs
    cvar_alpha: float = 0.8
    scenario_weights: dict[str, float] = field(default_factory=dict)  # scenario -> weight (empty: equal)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def discount_factor(self, year: int) -> float:
        """d(t) = 1 / (1 + r)^(t − first_year)."""
        return 1.0 / (1.0 + self.discount_rate) ** (year - self.first_year)

    def group_types(self, group: str) -> list[str]:
        """Types counting toward a band group: those listing it, or the type itself."""
        return [t for t, pt in self.place_types.items() if group in pt.groups or t == group]

    def stock_places(self, type_: str, year: int) -> int:
        return sum(s.places for s in self.stock if s.type == type_ and s.in_service(year))

    def site_places(self, site: str, year: int, type_: str | None = None) -> int:
        """The stock places of a site in service in year (of one type, or all)."""
        return sum(s.places for s in self.stock if s.site == site and s.in_service(year) and type_ in (None, s.type))

    def renovation_shares(self, start: int, works_years: int) -> dict[int, float]:
        """Share of a renovation paid each year: opening: all when the works start; spread: evenly over the works."""
        if self.investment_timing != "spread" or works_years == 0:
            return {start: 1.0}
        return {start + i: 1.0 / works_years for i in range(works_years)}

    @property
    def baseline_fixed_until(self) -> int | None:
        """The last year whose conversions and site works are the baseline's: --freeze-until's, or a stochastic
        baseline's last committed year, whichever is later (None: neither)."""
        years = [y for y in (self.frozen_until, self.committed_until) if y is not None]
        return max(years) if years else None

    def project_lead_time(self, project: Project) -> int:
        return max(self.place_types[m.type].lead_time_years for m in project.mix)

    def opening_years(self, project: Project) -> range:
        """The years a candidate facility may open: max(earliest_year, first_year + lead time) … latest_year."""
        start = max(project.earliest_year, self.first_year + self.project_lead_time(project))
        return range(max(start, self.first_year), min(project.latest_year, self.last_year) + 1)

    def project_lifetime(self, project: Project) -> int:
        return max(self.place_types[m.type].lifetime_years for m in project.mix)

    def payment_shares(self, opening_year: int, lead_time: int) -> dict[int, float]:
        """Share of an investment paid in each year, for a place opening in opening_year.

        opening: all in the opening year. spread: evenly over the lead-time years before
        opening (lead time 0 pays in the opening year); years before first_year are paid
        in first_year.
        """
        if self.investment_timing != "spread" or lead_time == 0:
            return {opening_year: 1.0}
        shares: dict[int, float] = {}
        for year in range(opening_year - lead_time, opening_year):
            paid = max(year, self.first_year)
            shares[paid] = shares.get(paid, 0.0) + 1.0 / lead_time
        return shares

    def residual_share(self, opening_year: int, lifetime: int) -> float:
        """Undepreciated share at the horizon end: max(0, 1 − (last_year − t + 1) / L)."""
        if not self.residual_value:
            return 0.0
        return max(0.0, 1.0 - (self.last_year - opening_year + 1) / lifetime)
