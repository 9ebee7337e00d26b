"""The words of the sheets for people, in Norwegian bokmål (the default) and English.

One table, both languages side by side, so a label cannot exist in one language only. The
machine-readable sheets keep the contract's English names whatever the language.
"""

from __future__ import annotations

LANGUAGES = ("nb", "en")

# key -> (bokmål, English). Placeholders are filled with str.format.
WORDS: dict[str, tuple[str, str]] = {
    # sheet names (Excel compares them without case: none may equal a machine sheet's name)
    "sheet_overview": ("Oversikt", "Overview"),
    "sheet_plan": ("Plan etter år", "Plan by year"),
    "sheet_coverage": ("Dekningsgrad", "Coverage by year"),
    "sheet_costs": ("Kostnader per år", "Costs by year"),
    "sheet_budget": ("Budsjett", "Budget"),
    "sheet_need_staff": ("Behov og bemanning", "Need and staff"),
    "sheet_band_costs": ("Båndkostnader", "Band costs"),
    "sheet_notes": ("Notater", "Notes"),
    # common
    "total": ("Totalt", "Total"),
    "year": ("År", "Year"),
    "money_unit": ("Beløp i mill. kr (NOK, inndataenes prisnivå)", "Amounts in NOK million (the inputs' price level)"),
    "footer_page": ("Side &P av &N", "Page &P of &N"),
    "footer_ratio": ("forholdstallsregelens plan, ikke optimert", "ratio-rule plan, not optimised"),
    "footer_diagnosis": ("diagnose, ikke en plan", "diagnosis, not a plan"),
    "status_ratio": ("regelplan, ikke optimert", "rule's plan, not optimised"),
    "npv_explained": (
        "Nåverdien = sum diskontert netto kostnad (tabellen under) + straff − restverdi.",
        "Net present cost = sum of discounted net cost (the table below) + penalties − residual value.",
    ),
    "net_before_residual": (
        "Netto kostnad (før restverdi og straff)",
        "Net cost (before residual value and penalties)",
    ),
    "outside_projects": ("Nye plasser utenom prosjektene", "New places outside the projects"),
    "no_such_plan": ("ingen slik plan", "no such plan"),
    "created": ("laget", "created"),
    # titles
    "title_plan": (
        "Plan for heldøgns omsorgsplasser {first}–{last}",
        "Plan for round-the-clock care places {first}–{last}",
    ),
    "title_ratio": (
        "Forholdstallsregelens plan (dagens praksis, ikke optimert) {first}–{last}",
        "Ratio-rule plan (today's practice, not optimised) {first}–{last}",
    ),
    "title_ratio_short": (
        ": den mangler {places} plassår i harde bånd",
        ": it leaves hard bands {places} place-years short",
    ),
    "title_diagnosis": (
        "Diagnose: de harde båndene kan ikke alle holdes. Dette er ikke en plan å følge (se Notater).",
        "Diagnosis: the hard bands cannot all be met. This is not a plan to follow (see Notes).",
    ),
    "status_optimal": ("optimal", "optimal"),
    "title_robust": (
        ", robust: {chosen}, holder også i {others}",
        ", robust: {chosen}, also holds in {others}",
    ),
    "title_replanned": (", lagt på nytt mot {file}", ", re-planned against {file}"),
    "changes_block": ("Endringer fra forrige plan ({file})", "Changes from the previous plan ({file})"),
    "status_feasible": ("gyldig, ikke bevist optimal", "feasible, not proven optimal"),
    "status_infeasible": ("diagnose", "diagnosis"),
    "provenance": (
        "Inndata: {file} (SHA-256 {sha}) · planner {version} · løser {solver} · laget {created}",
        "Input: {file} (SHA-256 {sha}) · planner {version} · solver {solver} · created {created}",
    ),
    # overview
    "what_the_plan_does": ("Hva planen gjør", "What the plan does"),
    "npv_block": ("Nåverdi (netto nåkostnad)", "Net present cost"),
    "npv_existing": (
        "Drift av eksisterende plasser, diskontert (drift minus husleie)",
        "Running the existing places, discounted (operating less rent)",
    ),
    "npv_added": ("Det planen legger til, diskontert", "What the plan adds, discounted"),
    "npv_sum_discounted": ("Sum diskontert netto kostnad", "Sum of discounted net cost"),
    "npv_penalties": ("Straff for brutte myke bånd, diskontert", "Penalties for missed soft bands, discounted"),
    "npv_residual": (
        "Restverdi av ny investering ved planperiodens slutt, diskontert (trekkes fra)",
        "Residual value of new investment at the horizon end, discounted (deducted)",
    ),
    "npv_total": ("Nåverdi (netto nåkostnad)", "Net present cost"),
    "horizon_totals": ("Sum for planperioden", "Totals over the horizon"),
    "undiscounted": ("Udiskontert", "Undiscounted"),
    "discounted": ("Diskontert", "Discounted"),
    "places_opened": ("Nye plasser", "Places opened"),
    "places_by_type": ("Nye plasser per type, hele planperioden", "New places per type, whole horizon"),
    "places_total": ("Sum nye plasser", "Total new places"),
    "projects_total": ("Sum", "Total"),
    "projects_opened": ("Prosjekter som bygges", "Projects built"),
    "project": ("Prosjekt", "Project"),
    "opening_year": ("Åpner", "Opens"),
    "places": ("Plasser", "Places"),
    "no_projects": ("Ingen av kandidatprosjektene bygges.", "None of the candidate projects is built."),
    "bands_block": (
        "Dekningskrav: hvor de binder og hvor de brytes",
        "Bands: where they bind and where they are missed",
    ),
    "band": ("Krav", "Band"),
    "limits": ("Grenser", "Limits"),
    "binds_in": ("Binder (mindre enn én plass i margin)", "Binds (less than one place to spare)"),
    "missed_in": ("Brutt", "Missed"),
    "none": ("ingen år", "no year"),
    "solution_block": ("Løsning", "Solution"),
    "status": ("Status", "Status"),
    "gap": ("Gap (avstand til bevist optimum)", "Gap (distance to a proven optimum)"),
    "solver": ("Løser", "Solver"),
    "optimality_check": ("Hvordan optimum er kontrollert", "How the optimum was checked"),
    "solve_seconds": ("Løsetid (sekunder)", "Solve time (seconds)"),
    "band_cost_answer": ("Hva koster kravene? (se Båndkostnader)", "What do the bands cost? (see Band costs)"),
    # plan by year
    "plan_title": ("Plan etter år: nye plasser og plasser i drift", "Plan by year: new places and places in service"),
    "plan_note": (
        "Plasser i drift = eksisterende + nye plasser til og med året + ombygd inn − ombygd ut.",
        "Places in service = existing + new places up to the year + converted in − converted out.",
    ),
    "new_by_type": ("Nye plasser per type", "New places per type"),
    "new_by_project": ("Nye plasser per prosjekt", "New places per project"),
    "new_generic": ("Nye plasser utenom prosjekter", "New places outside projects"),
    "conversions": ("Ombygging (plasser som skifter type)", "Conversions (places changing type)"),
    "existing": ("Eksisterende plasser (vedtatt beholdning)", "Existing places (stock, as decided)"),
    "in_service": ("Plasser i drift", "Places in service"),
    "in_service_total": ("Sum plasser i drift", "Total places in service"),
    "existing_total": ("Sum eksisterende plasser", "Total existing places"),
    "required_by_band": ("Plasser båndenes minimum krever", "Places each band's minimum requires"),
    "required_row": ("{band}: minimum krever", "{band}: minimum requires"),
    "chart_capacity": (
        "Plasser i drift per type mot båndenes minimum",
        "Places in service by type against band minimums",
    ),
    "axis_places": ("plasser", "places"),
    # coverage
    "coverage_title": ("Dekningsgrad per bånd og år", "Coverage by band and year"),
    "coverage_note": (
        "Dekningsgrad = plasser ÷ befolkningen båndet måles mot. Brudd er markert: rødt under minimum, oransje over"
        " maksimum.",
        "Coverage = places ÷ the population the band is measured against. Misses are marked: red short of the"
        " minimum, orange over the maximum.",
    ),
    "band_header": ("{band}: {group} mot {base} ({kind} krav)", "{band}: {group} against {base} ({kind})"),
    "hard": ("hardt", "hard"),
    "soft": ("mykt", "soft"),
    "population": ("Befolkning ({base})", "Population ({base})"),
    "group_places": ("Plasser i {group}", "Places in {group}"),
    "share": ("Dekningsgrad", "Coverage"),
    "minimum": ("Minimum", "Minimum"),
    "maximum": ("Maksimum", "Maximum"),
    "min_places": ("Plasser minimum krever", "Places the minimum requires"),
    "max_places": ("Plasser maksimum tillater", "Places the maximum allows"),
    "short_places": ("Plasser under minimum", "Places short of the minimum"),
    "over_places": ("Plasser over maksimum", "Places over the maximum"),
    "miss_status": ("Brudd (under minimum, over maksimum)", "Miss (short of the minimum, over the maximum)"),
    "short": ("under", "short"),
    "over": ("over", "over"),
    "chart_coverage": ("Dekningsgrad mot grensene", "Coverage against its limits"),
    "axis_share": ("andel av befolkningen", "share of the population"),
    "population_flow": ("Plasser flyten krever", "Places the flow requires"),
    "population_places": ("Plasser i {group} (grunnlaget)", "Places in {group} (the base)"),
    # need and staff
    "need_staff_title": ("Behov, korttidsflyt og bemanning per år", "Need, short-term flow and staff by year"),
    "need_staff_note": (
        "Behovsgrunnlag = sum av vekt × aldersgruppe. Korttid: belastning = innleggelser × liggetid ÷ 365;"
        " plassene som kreves er det minste hele tall som møter målene (Erlangs tapsformel). Årsverk ="
        " plasser i drift × årsverk per plass + prosjektenes faste årsverk.",
        "Need base = sum of weight × age group. Short-term: load = admissions × mean stay ÷ 365; the places"
        " required are the least whole number meeting the targets (Erlang loss formula). Work-years ="
        " places in service × work-years per place + projects' fixed work-years.",
    ),
    "need_header": ("Behovsgrunnlag {base} (personer)", "Need base {base} (persons)"),
    "need_term": ("{weight} × {column}", "{weight} × {column}"),
    "need_total": ("{base} i alt", "{base} in all"),
    "flow_header": ("Korttidsflyt {band}: {group} ({kind} krav)", "Short-term flow {band}: {group} ({kind})"),
    "admissions": ("Innleggelser per år", "Admissions per year"),
    "mean_stay": ("Gjennomsnittlig liggetid (dager)", "Mean stay (days)"),
    "offered_load": ("Belastning (innleggelser × liggetid ÷ 365)", "Offered load (admissions × stay ÷ 365)"),
    "places_required": ("Plasser som kreves", "Places required"),
    "flow_places": ("Plasser i {group} i planen", "Places in {group} in the plan"),
    "flow_short": ("Plasser under kravet", "Places short of the requirement"),
    "occupancy": ("Forventet belegg med planens plasser", "Expected occupancy with the plan's places"),
    "refusal": ("Sannsynlighet for avvisning (Erlang B)", "Probability of refusal (Erlang B)"),
    "max_occupancy": ("Mål: høyeste belegg", "Target: highest occupancy"),
    "max_refusal": ("Mål: høyeste avvisningssannsynlighet", "Target: highest refusal probability"),
    "staff_header": ("Bemanning (årsverk)", "Staff (work-years)"),
    "staff_type": ("{label} ({rate} årsverk per plass)", "{label} ({rate} work-years per place)"),
    "staff_project": ("{project}: faste årsverk", "{project}: fixed work-years"),
    "staff_total": ("Årsverk i alt", "Work-years in all"),
    "labour_ceiling": ("Årsverk kommunen kan bemanne", "Work-years the municipality can staff"),
    "labour_room": ("Rom (tak − årsverk i alt)", "Room (ceiling − work-years in all)"),
    # costs by year
    "costs_title": ("Kostnader per år", "Costs by year"),
    "costs_note": (
        "Tilskudd og husleieinntekt er negative. Netto kostnad = eksisterende plasser + det planen legger til;"
        " diskontert = netto × diskonteringsfaktor.",
        "Grants and rent income are negative. Net cost = existing places + what the plan adds;"
        " discounted = net × discount factor.",
    ),
    "discount_rate": ("Diskonteringsrente", "Discount rate"),
    "existing_block": ("Eksisterende plasser (beholdningen)", "Existing places (the stock)"),
    "existing_operating": ("Driftskostnad, eksisterende plasser", "Operating, existing places"),
    "existing_rent": ("Husleieinntekt, eksisterende plasser", "Rent income, existing places"),
    "existing_net": ("Netto, eksisterende plasser", "Net, existing places"),
    "added_block": ("Det planen legger til", "What the plan adds"),
    "investment": ("Investering", "Investment"),
    "grants": ("Investeringstilskudd (Husbanken)", "Grants (Husbanken)"),
    "fixed_costs": ("Faste prosjektkostnader", "Project fixed costs"),
    "conversion_costs": ("Ombyggingskostnader", "Conversion costs"),
    "operating": ("Driftskostnad", "Operating"),
    "rent_income": ("Husleieinntekt", "Rent income"),
    "added_operating": ("Driftskostnad, nye og ombygde plasser", "Operating, new and converted places"),
    "added_rent": ("Husleieinntekt, nye og ombygde plasser", "Rent income, new and converted places"),
    "fixed_operating": ("Fast drift av prosjekter", "Project fixed operating"),
    "added_net": ("Netto, det planen legger til", "Net, what the plan adds"),
    "net_block": ("Netto og nåverdi", "Net and present value"),
    "net_cost": ("Netto kostnad", "Net cost"),
    "discount_factor": (
        "Diskonteringsfaktor 1 ÷ (1 + rente)^(år − første år)",
        "Discount factor 1 ÷ (1 + rate)^(year − first year)",
    ),
    "discounted_net_cost": ("Diskontert netto kostnad", "Discounted net cost"),
    # budget
    "budget_title": ("Budsjett: investeringsramme og handlingsrom", "Budget: investment ceiling and headroom"),
    "budget_note": (
        "Netto investering = investering − tilskudd + faste prosjektkostnader + ombyggingskostnader (det rammen"
        " begrenser). Handlingsrom = ramme − netto investering.",
        "Net investment = investment − grants + project fixed costs + conversion costs (what the ceiling limits)."
        " Headroom = ceiling − net investment.",
    ),
    "ceiling": ("Investeringsramme", "Investment ceiling"),
    "net_investment": ("Netto investering planen betaler", "Net investment the plan pays"),
    "headroom": ("Handlingsrom (ramme − netto investering)", "Headroom (ceiling − net investment)"),
    "no_ceiling": (
        "Ingen investeringsramme er gitt (arket budget i inndata).",
        "No investment ceiling is given (the input's budget sheet).",
    ),
    "chart_net_cost": (
        "Netto kostnad per år (drift av alle plasser, investering og tilskudd)",
        "Net cost per year (running all places, investment and grants)",
    ),
    "chart_budget": (
        "Netto investering mot investeringsrammen",
        "Net investment against the ceiling",
    ),
    "axis_money": ("mill. kr", "NOK million"),
    # band costs
    "band_costs_title": ("Båndkostnader: hva hvert dekningskrav koster", "Band costs: what each band costs"),
    "band_costs_note": (
        "Planen er løst på nytt uten hvert krav, og med minimum 0,1 prosentpoeng høyere (maksimum 0,1 lavere).",
        "The plan is re-solved without each band, and with its minimum 0.1 percentage point higher"
        " (maximum 0.1 lower).",
    ),
    "band_costs_absent": (
        "Båndkostnader er ikke beregnet: de krever to eller tre nye løsninger per bånd.",
        "Band costs were not computed: they take two or three more solves per band.",
    ),
    "band_costs_how": (
        "Kjør planner solve med --band-costs (eller innstillingen band_costs = yes) for å få dem.",
        "Run planner solve with --band-costs (or the setting band_costs = yes) to add them.",
    ),
    "npv_plan": ("Nåverdi, planen", "NPV, the plan"),
    "npv_without": ("Nåverdi uten kravet", "NPV without the band"),
    "cost_of_band": ("Kravets kostnad", "Cost of the band"),
    "npv_min_raised": ("Nåverdi, min. +0,1 pp", "NPV, min. +0.1 pp"),
    "marginal_min": ("Per 0,1 pp høyere min.", "Per 0.1 pp higher min."),
    "npv_max_lowered": ("Nåverdi, maks. −0,1 pp", "NPV, max. −0.1 pp"),
    "marginal_max": ("Per 0,1 pp lavere maks.", "Per 0.1 pp lower max."),
    "kind": ("Type", "Kind"),
    "band_status": ("Merknad", "Note"),
}


# Phrases the model and solver write in English (summary, band_costs.status), as the people sheets say them.
MACHINE_PHRASES_NB = [
    (r"CBC's own claim, not independently checked \(CBC 2\.10 can call a plan optimal that is not; use --verify\)",
     "CBCs egen påstand, ikke kontrollert (CBC 2.10 kan kalle en plan optimal som ikke er det; bruk --verify)"),
    (r"^proven by HiGHS$", "bevist av HiGHS"),
    (r"^verified by (.+): the same optimum$", r"kontrollert av \1: samme optimum"),
    (r"^not verified: (.+) reached no proof in time$", r"ikke kontrollert: \1 fant ikke noe bevis i tide"),
    (r"^CBC called it optimal; (.+) found a cheaper plan, and the optimum is up to (.+) lower$",
     r"CBC kalte den optimal; \1 fant en billigere plan, og optimum kan være opptil \2 lavere"),
    (r"^ratio rule, priced by (.+)$", r"forholdstallsregelen, priset med \1"),
    (r"\bwithout: ", "uten kravet: "),
    (r"\bmin \+0\.1 pp: ", "min. +0,1 pp: "),
    (r"\bmax −0\.1 pp: ", "maks. −0,1 pp: "),
    (r"\binfeasible\b", "umulig"),
    (r"\bno_solution\b", "ingen løsning"),
    (r"\bfeasible\b", "gyldig"),
]  # fmt: skip


def machine_words(text: str, say: Words) -> str:
    """A phrase from the summary or a status column, in the sheet's language."""
    import re

    if say.lang != "nb":
        return text
    for pattern, replacement in MACHINE_PHRASES_NB:
        text = re.sub(pattern, replacement, text)
    return text


class Words:
    """``say = Words("nb"); say("net_cost")`` → "Netto kostnad"."""

    def __init__(self, lang: str = "nb") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._index = LANGUAGES.index(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = WORDS[key][self._index]
        return text.format(**values) if values else text

    def number(self, value: float, decimals: int = 0) -> str:
        """1 234 567,8 in bokmål (space for thousands, decimal comma); 1,234,567.8 in English."""
        text = f"{value:,.{decimals}f}"
        if self.lang == "nb":
            text = text.replace(",", " ").replace(".", ",")
        return text

    def percent(self, share: float, decimals: int = 1) -> str:
        return f"{self.number(100 * share, decimals)} %"

    def millions(self, nok: float) -> str:
        return f"{self.number(nok / 1e6, 0)} {'mill. kr' if self.lang == 'nb' else 'NOK million'}"


def notes_lines(say: Words, solution, meta: dict) -> list[str]:
    """The notes sheet: every sheet and figure explained, the model's assumptions, where the plan comes from.

    Lines starting with '## ' are headings.
    """
    nb = say.lang == "nb"

    def both(bokmal: str, english: str) -> str:
        return bokmal if nb else english

    run = solution.run
    lines = [
        both("Slik leser du planen", "How to read this plan"),
        *status_notes(say, solution, meta),
        both("## Arkene til lesing", "## The sheets for people"),
        both(
            "Oversikt: hva planen gjør i ett avsnitt; nåverdien og hvordan den bygges opp; totaler over horisonten,"
            " udiskontert og diskontert; nye plasser per type og prosjekt; hvor båndene binder og brytes; løsningen.",
            "Overview: what the plan does in one paragraph; the net present cost and how it builds up; totals over the"
            " horizon, undiscounted and discounted; new places per type and project; where the bands bind and are"
            " missed; the solution.",
        ),
        both(
            "Plan etter år: nye plasser per type og prosjekt, ombygginger, eksisterende plasser og plasser i drift"
            " (eksisterende + nye til og med året + ombygd inn − ombygd ut), og plassene båndenes minimum krever."
            " Diagrammet stabler plassene i drift per type mot dem.",
            "Plan by year: new places per type and project, conversions, existing places and places in service"
            " (existing + new up to the year + converted in − converted out), and the places each band's minimum"
            " requires. The chart stacks places in service by type against them.",
        ),
        both(
            "Dekningsgrad: per bånd og år befolkningen, plassene, dekningsgraden (plasser ÷ befolkning), grensene,"
            " plassene grensene krever og tillater, og plasser under minimum eller over maksimum (rødt og oransje).",
            "Coverage by year: per band and year the population, the places, the coverage (places ÷ population), the"
            " limits, the places they require and allow, and places short of the minimum or over the maximum (red and"
            " orange).",
        ),
        both(
            "Behov og bemanning (når inndata har need-, flows- eller labour-ark eller årsverk): hvert behovsgrunnlag"
            " som sum av vekt × aldersgruppe; per korttidsflyt innleggelser, liggetid, belastning (innleggelser ×"
            " liggetid ÷ 365), plassene som kreves (det minste hele tall som møter målene for avvisning etter Erlangs"
            " tapsformel og belegg), planens plasser, forventet belegg og sannsynlighet for avvisning; årsverk per type"
            " (plasser i drift × årsverk per plass), prosjektenes faste årsverk, sum, tak og rom (negativt er rødt).",
            "Need and staff (when the input has a need, flows or labour sheet or staff figures): each need base as the"
            " sum of weight × age group; per short-term flow admissions, mean stay, load (admissions × stay ÷ 365),"
            " the places required (the least whole number meeting the refusal target by the Erlang loss formula and"
            " the occupancy target), the plan's places, expected occupancy and refusal probability; work-years per"
            " type (places in service × work-years per place), projects' fixed work-years, total, ceiling and room"
            " (negative is red).",
        ),
        both(
            "Kostnader per år: det eksisterende plasser koster (drift minus husleie) for seg, og det planen legger til"
            " (investering, tilskudd, faste kostnader, ombygging, drift og husleie for nye og ombygde plasser, fast"
            " drift av prosjekter); netto, diskonteringsfaktor, diskontert; nåverdien bygd opp nederst.",
            "Costs by year: what the existing places cost (operating less rent) on their own, and what the plan adds"
            " (investment, grants, fixed costs, conversions, operating and rent of new and converted places, projects'"
            " fixed operating); net, discount factor, discounted; the net present cost built up at the bottom.",
        ),
        both(
            "Budsjett: per år investeringsrammen, netto investering planen betaler og handlingsrommet (negativt er"
            " rødt); diagrammet viser netto investering og netto kostnad mot rammen.",
            "Budget: per year the investment ceiling, the net investment the plan pays and the headroom (negative is"
            " red); the chart shows net investment and net cost against the ceiling.",
        ),
        both(
            "Båndkostnader (med --band-costs): per bånd nåverdien uten båndet, båndets kostnad (planens nåverdi minus"
            " den) og marginalkostnaden av å heve minimum (senke maksimum) 0,1 prosentpoeng, hver ved en ny løsning.",
            "Band costs (with --band-costs): per band the NPV without it, the band's cost (the plan's NPV less that)"
            " and the marginal cost of raising its minimum (lowering its maximum) by 0.1 percentage point, each by a"
            " re-solve.",
        ),
        both(
            "Summer, netto, diskontering, dekningsgrad, nåverdi og handlingsrom er formler du kan følge; hver celle"
            " lagrer også tallet planleggeren regnet ut, så programmer som ikke regner på nytt viser samme tall."
            " Beløp vises i mill. kr med én desimal; cellene holder kroner og øre.",
            "Totals, net cost, discounting, coverage, the net present cost and headroom are formulas you can trace;"
            " each cell also stores the planner's number, so programs that do not recalculate show the same figure."
            " Amounts show in NOK million with one decimal; the cells hold NOK to the øre.",
        ),
        both("## Arkene for skript (faste kolonner, engelske navn)", "## The machine-readable sheets (fixed columns)"),
        both(
            "summary, plan, conversions, capacity, coverage, costs, staff, flows og band_costs er lange tabeller med"
            " rene verdier for skript; kolonnene er faste i planleggerens kontrakt (staff og flows bare når inndata"
            " har bemanning eller korttidsflyt). input_<ark> er kopier av inndataarkene.",
            "summary, plan, conversions, capacity, coverage, costs, staff, flows and band_costs are long tables of"
            " plain values for scripts; their columns are fixed by the planner's contract (staff and flows only when"
            " the input has staff figures or a flows sheet). input_<sheet> are copies of the input sheets.",
        ),
        both(
            "capacity = beholdning + åpnede plasser (plan) + ombygd inn − ombygd ut; net_cost = investment − grants +"
            " fixed_costs + conversion_costs + operating − rent_income + fixed_operating; discounted_net_cost ="
            " net_cost × discount_factor; objective_npv = Σ discounted_net_cost + penalties_discounted −"
            " residual_value_discounted.",
            "capacity = stock + places opened (plan) + converted in − converted out; net_cost = investment − grants +"
            " fixed_costs + conversion_costs + operating − rent_income + fixed_operating; discounted_net_cost ="
            " net_cost × discount_factor; objective_npv = Σ discounted_net_cost + penalties_discounted −"
            " residual_value_discounted.",
        ),
        both("## Modellens forutsetninger", "## The model's assumptions"),
        both(
            "Alle beløp i faste priser (inndataenes prisnivå). Diskonteringsfaktor d(t) = 1 ÷ (1 + rente)^(t − første"
            " år). Investering betales i åpningsåret, eller fordelt over ledetiden (investment_timing = spread).",
            "All amounts in fixed prices (the inputs' price level). Discount factor d(t) = 1 ÷ (1 + rate)^(t − first"
            " year). Investment is paid in the opening year, or spread over the lead time (investment_timing ="
            " spread).",
        ),
        both(
            "En ny plass er i drift fra åpningsåret til horisontens slutt; restverdien av investeringen som ikke er"
            " avskrevet (lineært over levetiden) trekkes fra nåverdien. Drift og husleie gjelder hver plass i drift,"
            " også de eksisterende.",
            "A new place is in service from its opening year to the horizon end; the investment not yet depreciated"
            " (straight line over its lifetime) is deducted as residual value. Operating cost and rent apply to every"
            " place in service, the existing ones included.",
        ),
        both(
            "Dekningsgrad = plassene i båndets gruppe ÷ befolkningen det måles mot, hvert år. Harde bånd må holdes;"
            " myke kan brytes mot en straff per plass og år. Et prosjekt åpner én gang, alle typene samme år, tidligst"
            " første år + lengste ledetid. Investeringsrammen begrenser netto investering per år.",
            "Coverage = the places of the band's group ÷ the population it is measured against, every year. Hard bands"
            " must hold; soft bands may be missed at a penalty per place and year. A project opens once, all its types"
            " in the same year, at the earliest first year + its longest lead time. The investment ceiling limits net"
            " investment per year.",
        ),
        both(
            "Et behovsgrunnlag (need-arket) er en vektet sum av aldersgrupper; et sammensetningsbånd (grunnlag"
            " places:<gruppe>) måler plassene mot plassene i en annen gruppe; en korttidsflyt blir et bånd"
            " <gruppe>_flow med minimum = plassene den krever. Årsverkstaket (labour-arket) begrenser årsverk per år:"
            " plasser i drift × årsverk per plass + faste årsverk i åpnede prosjekter.",
            "A need base (need sheet) is a weighted sum of age groups; a composition band (base places:<group>)"
            " measures places against the places of another group; a short-term flow becomes a band <group>_flow"
            " whose minimum is the places it requires. The labour ceiling (labour sheet) limits work-years per year:"
            " places in service × work-years per place + the fixed work-years of opened projects.",
        ),
        both("## Kilde", "## Provenance"),
        f"{both('Inndatafil', 'Input file')}: {meta.get('input_file', '')}",
        f"SHA-256: {meta.get('input_sha256', '')}",
        f"planner {meta.get('planner_version', '')}; {both('løser', 'solver')}: "
        f"{run.solver if run else meta.get('solver', '')}",
        f"{both('Laget', 'Created')}: {meta.get('created_utc', '')} (UTC)",
    ]
    if run is not None and run.optimality_check:
        check = machine_words(run.optimality_check, say)
        lines.append(f"{both('Optimum kontrollert', 'How the optimum was checked')}: {check}.")
    return lines


def status_notes(say: Words, solution, meta: dict) -> list[str]:
    """What the status, the method and the solver mean for this plan."""
    from models.solve import REFUTED

    nb = say.lang == "nb"
    lines = []
    run = solution.run
    if solution.status == "infeasible":
        lines.append(
            "Diagnose: de harde dekningskravene kan ikke alle holdes. Arbeidsboken viser planen som bryter dem med"
            " færrest plasser totalt (og blant slike koster minst), ikke en plan å følge. Dekningsgrad viser per krav"
            " og år plassene for lite (rødt) eller for mye (oransje); Oversikt sier hvordan det kan løses opp."
            " I arket coverage er det kolonnene shortfall_places og excess_places."
            if nb
            else "Diagnosis: the hard bands cannot all be met. This workbook holds the plan that misses them by the"
            " fewest places in total (and costs least among those), not a plan to follow. Coverage by year shows, per"
            " band and year, the places short (red) or over (orange); the Overview says how to resolve it. In the"
            " coverage sheet these are the columns shortfall_places and excess_places."
        )
    if meta.get("method") == "reoptimise":
        lines.append(
            f"Planen er lagt på nytt mot forrige plan ({meta.get('baseline_file')}): åpninger som har skjedd er"
            " eksisterende plasser, vedtatte (innenfor ledetiden) og frosne åpninger er beholdt, resten er optimert"
            " på nytt med en liten straff per plass som flyttes (change_penalty, ikke med i nåverdien). Arket"
            " changes viser hva som er endret og hvorfor, og hvordan hver åpning i forrige plan er behandlet."
            if nb
            else f"This plan is re-planned against the previous plan ({meta.get('baseline_file')}): openings that"
            " happened are existing places, committed (within the lead time) and frozen openings are kept, the rest"
            " is re-optimised with a small penalty per place moved (change_penalty, not in the NPV). The changes"
            " sheet shows what changed and why, and how each opening of the previous plan was treated."
        )
    if meta.get("method") == "ratio":
        lines.append(
            "Dette er forholdstallsregelens plan (dagens praksis), ikke et optimum: år for år, uten å se fremover, de"
            " billigste plassene som holder hvert hardt kravs minimum det året. Den prises med de samme"
            " kostnadsformlene som en optimert plan; Dekningsgrad viser årene den bryter et krav, og da er nåverdien"
            " ikke direkte sammenlignbar."
            if nb
            else "This is the ratio rule's plan (today's practice), not an optimum: year by year, with no look-ahead,"
            " the cheapest places that hold each hard band's minimum that year. It is priced by the same cost"
            " formulas as an optimised plan; Coverage by year shows the years it misses a band, and then its net"
            " present cost is not directly comparable."
        )
    elif solution.status == "feasible" and not (run and run.optimality_check.startswith(REFUTED)):
        lines.append(
            "Løseren stoppet før optimum var bevist; summary.mip_gap sier hvor langt fra bevist den kan være."
            if nb
            else "The solver stopped before proving optimality; summary.mip_gap says how far from proven it may be."
        )
    if run is not None and meta.get("method") != "ratio" and run.solver.startswith("cbc"):
        checked = run.optimality_check.startswith(("verified", "CBC called"))
        lines.append(
            (
                "CBC 2.10 har kalt planer optimale som ikke var det (noen hundre tusen kroner over optimum på"
                " testtilfeller); HiGHS, standardløseren, beviser sitt optimum."
                + ("" if checked else " Løs med --verify for å la HiGHS kontrollere CBC.")
            )
            if nb
            else (
                "CBC 2.10 has called plans optimal that were not (a few hundred thousand NOK above the optimum on"
                " test instances); HiGHS, the default, proves its optimum."
                + ("" if checked else " Solve with --verify to have HiGHS check CBC.")
            )
        )
    return lines
