"""The sheets for people in Norwegian bokmål (the default): every word and sentence, by key."""

from __future__ import annotations

from planner.outputs.words.nb_notes import NOTES

# Numbers: 1 234 567,8; a negative difference with a true minus sign.
THOUSANDS, DECIMAL, MINUS = " ", ",", "−"

WORDS: dict[str, str] = {
    **NOTES,
    # en stokastisk plan (Usikkerhet)
    "sheet_stochastic": "Usikkerhet",
    "stochastic_title": "Én plan for {n} prognoser: bundet {years}, deretter hver sin",
    "stochastic_note": (
        "Beslutningene som bindes de første årene (og bygg som starter da) er de samme uansett hvilken prognose "
        "som slår til; deretter har hvert scenario sin egen beste videreføring. Planen minimerer forventet "
        "nåverdikostnad med scenarioenes vekter."
    ),
    "stochastic_risk_note": (
        "Risikoaversjon λ = {risk}: planen minimerer (1 − λ) × forventet kostnad + λ × snittkostnaden i de "
        "dyreste {tail:.0%} av scenarioenes vekt (CVaR ved α = {alpha}); EVPI og VSS gjelder forventet kostnad."
    ),
    "stochastic_scenario": "Scenario",
    "worth_weight": "Vekt",
    "worth_stochastic_npv": "Denne planen (mill. kr)",
    "worth_wait_and_see_npv": "Eget optimum, kjent i dag (mill. kr)",
    "worth_deterministic_first_stage_npv": "Valgt scenarios plan, tilpasset (mill. kr)",
    "worth_wait_and_see_gap": "Gap, eget optimum (0 = bevist)",
    "worth_deterministic_first_stage_gap": "Gap, valgt scenarios plan tilpasset",
    "gap_unknown": "ikke kjent",
    "worth_robust_npv": "Den robuste planen (mill. kr)",
    "figure_expected_npv": "Forventet nåverdikostnad for denne planen",
    "figure_evpi": "Verdien av en perfekt prognose (EVPI)",
    "figure_vss": "Spart ved å planlegge for alle scenarioene (VSS)",
    "figure_robust_expected_npv": "Forventet kostnad for den robuste planen",
    "figure_expected_npv_means": "Σ vekt × denne planens kostnad i hvert scenario",
    "figure_evpi_means": "Denne planens forventede kostnad minus den ved å kjenne scenarioet i dag",
    "figure_vss_means": "Valgt scenarios plan, bundne år beholdt og resten tilpasset, minus denne planen",
    "figure_robust_expected_npv_means": "Én plan som holder alle scenarioenes harde bånd, bestemt i dag",
    "figure_unknown": "ukjent",
    "committed_openings": "Plasser som åpner, bundet (alle scenarioer)",
    "scenario_openings": "Plasser som åpner i scenario {scenario}, etter de bundne årene",
    "no_openings": "ingen",
    "chart_scenario_costs": "Nåverdikostnad per scenario",
    # sheet names (Excel compares them without case: none may equal a machine sheet's name)
    "sheet_overview": "Oversikt",
    "sheet_plan": "Plan etter år",
    "sheet_coverage": "Dekningsgrad",
    "sheet_costs": "Kostnader per år",
    "sheet_budget": "Budsjett",
    "sheet_need_staff": "Behov og bemanning",
    "sheet_band_costs": "Båndkostnader",
    "sheet_notes": "Notater",
    # common
    "total": "Totalt",
    "year": "År",
    "money_unit": "Beløp i mill. kr (NOK, inndataenes prisnivå)",
    "footer_page": "Side &P av &N",
    "footer_ratio": "forholdstallsregelens plan, ikke optimert",
    "footer_diagnosis": "diagnose, ikke en plan",
    "status_ratio": "regelplan, ikke optimert",
    "npv_explained": "Nåverdien = sum diskontert netto kostnad (tabellen under) + straff − restverdi.",
    "net_before_residual": "Netto kostnad (før restverdi og straff)",
    "outside_projects": "Nye plasser utenom prosjektene",
    "no_such_plan": "ingen slik plan",
    "created": "laget",
    # titles
    "title_plan": "Plan for heldøgns omsorgsplasser {first}–{last}",
    "title_ratio": "Forholdstallsregelens plan (dagens praksis, ikke optimert) {first}–{last}",
    "title_ratio_short": ": den mangler {places} plassår i harde bånd",
    "title_diagnosis": ("Diagnose: de harde båndene kan ikke alle holdes. Dette er ikke en plan å følge (se Notater)."),
    "status_optimal": "optimal",
    "title_robust": ", robust: {chosen}, holder også i {others}",
    "title_replanned": ", lagt på nytt mot {file}",
    "changes_block": "Endringer fra forrige plan ({file})",
    "status_feasible": "gyldig, ikke bevist optimal",
    "status_infeasible": "diagnose",
    "provenance": "Inndata: {file} (SHA-256 {sha}) · planner {version} · løser {solver} · laget {created}",
    # overview
    "what_the_plan_does": "Hva planen gjør",
    "npv_block": "Nåverdi (netto nåkostnad)",
    "npv_existing": "Drift av eksisterende plasser, diskontert (drift minus husleie)",
    "npv_existing_sites": "Drift av eksisterende plasser og bygg, diskontert (med byggenes faste drift)",
    "npv_added": "Det planen legger til, diskontert",
    "npv_sum_discounted": "Sum diskontert netto kostnad",
    "npv_penalties": "Straff for brutte myke bånd, diskontert",
    "npv_residual": "Restverdi av ny investering og rehabilitering ved planperiodens slutt, diskontert (trekkes fra)",
    "npv_total": "Nåverdi (netto nåkostnad)",
    "horizon_totals": "Sum for planperioden",
    "undiscounted": "Udiskontert",
    "discounted": "Diskontert",
    "places_by_type": "Nye plasser per type, hele planperioden",
    "places_total": "Sum nye plasser",
    "projects_opened": "Prosjekter som bygges",
    "project": "Prosjekt",
    "opening_year": "Åpner",
    "places": "Plasser",
    "no_projects": "Ingen av kandidatprosjektene bygges.",
    "bands_block": "Dekningskrav: hvor de binder og hvor de brytes",
    "band": "Krav",
    "limits": "Grenser",
    "binds_in": "Binder (mindre enn én plass i margin)",
    "missed_in": "Brutt",
    "none": "ingen år",
    "solution_block": "Løsning",
    "status": "Status",
    "gap": "Gap (avstand til bevist optimum)",
    "solver": "Løser",
    "optimality_check": "Hvordan optimum er kontrollert",
    "solve_seconds": "Løsetid (sekunder)",
    "band_cost_answer": "Hva koster kravene? (se Båndkostnader)",
    # plan by year
    "plan_title": "Plan etter år: nye plasser og plasser i drift",
    "plan_note_sites": (
        "Plasser i drift = eksisterende − ute av drift + nye plasser til og med året + ombygd inn − ombygd ut; "
        "dekningsgraden teller dem + kjøpt − solgt."
    ),
    "plan_note": "Plasser i drift = eksisterende + nye plasser til og med året + ombygd inn − ombygd ut.",
    "new_by_type": "Nye plasser per type",
    "new_by_project": "Nye plasser per prosjekt",
    "conversions": "Ombygging (plasser som skifter type)",
    "existing": "Eksisterende plasser (vedtatt beholdning)",
    "site_renovate_added": "{site} rehabiliteres nå, fra {year}",
    "site_renovate_dropped": "{site} rehabiliteres ikke lenger (grunnlaget: fra {year})",
    "site_renovate_moved": "Rehabiliteringen av {site} flyttes fra {old} til {new}",
    "site_close_added": "{site} legges nå ned i {year}",
    "site_close_dropped": "{site} legges ikke lenger ned (grunnlaget: i {year})",
    "site_close_moved": "Nedleggelsen av {site} flyttes fra {old} til {new}",
    "sheet_key_figures": "Nøkkeltall (KOSTRA)",
    "kostra_title": "Nøkkeltall slik KOSTRA publiserer dem",
    "kostra_note": (
        "Planens plasser per år i form av SSBs KOSTRA-indikatorer (kode i parentes), så planen kan leses ved siden "
        "av kommunens egen statistikk. Hva plassene teller som: kolonnen kostra i place_types."
    ),
    "kostra_available": "Institusjonsplasser disponert av kommunen, egne + kjøpt − solgt (KOSinstdispplass)",
    "kostra_long_term": "herav langtidsplasser",
    "kostra_short_term": "herav korttidsplasser",
    "kostra_dementia": "herav plasser i skjermet enhet for demens",
    "kostra_housing_24h": "Plasser i bolig med heldøgns bemanning, egne + kjøpt − solgt",
    "kostra_own_institution": "Egne institusjonsplasser i drift",
    "kostra_sites": "Bygg med egne institusjonsplasser (antall)",
    "kostra_ratios": "Forholdstall",
    "kostra_residents": "Innbyggere 80 år og over",
    "kostra_per_80": "Institusjonsplasser per innbygger 80+ (KOSsykhjand80aar)",
    "kostra_housing_per_80": "Bolig med heldøgns bemanning per innbygger 80+ (KOSinnbbolig80aa)",
    "kostra_long_per_80": "Langtidsplasser per innbygger 80+ (KOSlangtid80aaro)",
    "kostra_short_share": "Korttidsplassenes andel av institusjonsplassene (KOSkorttidplass)",
    "kostra_dementia_share": "Andel plasser i skjermet enhet (KOSplasskjermet)",
    "kostra_per_site": "Egne institusjonsplasser per bygg",
    "cause_renovate": (
        "rehabiliteringen av {site} i {year}"
        " (de {places} plassene ute av drift {out}) gjør at {band} mangler plasser i {short}"
    ),
    "cause_close": (
        "nedleggelsen av {site} i {year}"
        " (de {places} plassene ute av drift {out}) gjør at {band} mangler plasser i {short}"
    ),
    "sheet_sites": "Bygg",
    "sites_title": "Eksisterende bygg: beholdes, rehabiliteres eller legges ned",
    "sites_note": (
        "Til sammenligning, per plass og år i kroner: en plass som beholdes (drift minus husleie, pluss "
        "byggets faste kostnad fordelt på plassene), hva en rehabilitering legger til (netto kostnad som "
        "annuitet over levetiden) og en ny plass av byggets hovedtype (drift minus husleie, pluss netto "
        "investering som annuitet). Planen veier også ledetider, dekningsgrader og årene med arbeid."
    ),
    "site_name": "Bygg",
    "site_places": "Plasser",
    "site_end_of_life": "Levetid ut",
    "site_decision": "I planen",
    "site_kept": "beholdes",
    "site_cost_kept": "Beholdt, per plass og år",
    "site_renovation": "Rehabilitering legger til, per plass og år",
    "site_new": "Ny plass, per plass og år",
    "site_why": "Hvorfor",
    "site_closed": "legges ned {year}",
    "site_renovated": "rehabiliteres {year}",
    "site_renovated_works": "rehabiliteres {year} (arbeid {works})",
    "why_closed_life": (
        "Levetiden går ut i {eol}, og å rehabilitere (med plassene ute av drift mens arbeidet pågår) var "
        "dyrere enn å erstatte dem."
    ),
    "why_closed": (
        "Å legge ned og gi beboerne plass et annet sted koster mindre enn å beholde bygget: sammenlign "
        "kostnaden beholdt med en ny plass."
    ),
    "why_renovated": (
        "Levetiden går ut i {eol}: rehabilitert koster plassene det de koster beholdt pluss rehabiliteringen,"
        " mindre enn nye plasser."
    ),
    "why_renovated_dearer": (
        "Levetiden går ut i {eol}. Rehabilitert koster en plass her noe mer i året enn en ny, men nye plasser kommer "
        "først etter ledetiden (og noen typer bare med et prosjekt), og dekningsgraden trenger plassene: planen fant "
        "det billigere i sum å rehabilitere."
    ),
    "why_kept_life": (
        "Beholdes: til levetiden går ut i {eol} koster det mindre å beholde bygget enn å erstatte plassene."
    ),
    "why_kept_may_close": (
        "Beholdes selv om det kan legges ned: plassene koster mindre beholdt enn nye, eller dekningsgraden trenger dem."
    ),
    "why_kept": "Beholdes: det kan ikke legges ned (may_close = no) og har ingen levetid som går ut i perioden.",
    "replacement_places": "Herav erstatningsplasser (Husbankens tilskudd til utskiftning, ikke til netto tilvekst)",
    "plan_sites": "Av eksisterende bygg: {listed}.",
    "plan_contracts": (
        "Planen kjøper {bought} plassår og selger {sold} plassår (solgte plasser teller ikke i dekningsgraden)."
    ),
    "sites_out": "Ute av drift (nedlagt, rehabiliteres)",
    "contracts": "Kjøpte og solgte plasser (solgte trekkes fra nedenfor)",
    "bought": "{party}: {label}, kjøpt ({price} mill. kr per plass og år, avtaler på minst {years} år)",
    "bought_1": "{party}: {label}, kjøpt ({price} mill. kr per plass og år)",
    "sold": "{party}: {label}, solgt ({price} mill. kr per plass og år)",
    "counted": "Teller i dekningsgrad (+ kjøpt − solgt)",
    "in_service": "Plasser i drift",
    "in_service_total": "Sum plasser i drift",
    "existing_total": "Sum eksisterende plasser",
    "required_by_band": "Plasser båndenes minimum krever",
    "required_row": "{band}: minimum krever",
    "chart_capacity_how": (
        "stiplet linje: minimum for {band}; den teller bare de nederste typene, ikke {others}, før kjøpte og "
        "solgte plasser"
    ),
    "chart_capacity": "Plasser i drift per type mot båndenes minimum",
    "axis_places": "plasser",
    # coverage
    "coverage_title": "Dekningsgrad per bånd og år",
    "coverage_note": (
        "Dekningsgrad = plasser ÷ befolkningen båndet måles mot. Brudd er markert: rødt under minimum, oransje over "
        "maksimum."
    ),
    "band_header": "{band}: {group} mot {base}, {kind} krav",
    "hard": "hardt",
    "soft": "mykt",
    "population": "Befolkning, {base}",
    "ages_plus": "{low} år og over",
    "ages_range": "{low}–{high} år",
    "group_places": "Plasser i {group}",
    "share": "Dekningsgrad",
    "minimum": "Minimum",
    "maximum": "Maksimum",
    "min_places": "Plasser minimum krever",
    "max_places": "Plasser maksimum tillater",
    "short_places": "Plasser under minimum",
    "over_places": "Plasser over maksimum",
    "miss_status": "Brudd (under minimum, over maksimum)",
    "short": "under",
    "over": "over",
    "chart_coverage": "Dekningsgrad mot grensene",
    "axis_share": "andel av befolkningen",
    "axis_share_places": "andel av plassene i {group}",
    "axis_share_flow": "plasser mot dem flyten krever",
    "population_flow": "Plasser flyten krever",
    "population_places": "Plasser i {group} (grunnlaget)",
    # need and staff
    "need_staff_title": "Behov, korttidsflyt og bemanning per år",
    "need_staff_note": (
        "Behovsgrunnlag = sum av vekt × aldersgruppe. Korttid: belastning = innleggelser × liggetid ÷ 365; plassene "
        "som kreves er det minste hele tall som møter målene (Erlangs tapsformel). Årsverk = plasser i drift × årsverk "
        "per plass + prosjektenes faste årsverk."
    ),
    "need_header": "Behovsgrunnlag {base} (personer)",
    "need_term": "{weight} × {column}",
    "need_total": "{base} i alt",
    "flow_header": "Korttidsflyt {band}: {group} ({kind} krav)",
    "admissions": "Innleggelser per år",
    "mean_stay": "Gjennomsnittlig liggetid (dager)",
    "offered_load": "Belastning (innleggelser × liggetid ÷ 365)",
    "places_required": "Plasser som kreves",
    "flow_places": "Plasser i {group} i planen",
    "flow_short": "Plasser under kravet",
    "occupancy": "Forventet belegg med planens plasser",
    "refusal": "Sannsynlighet for avvisning (Erlang B)",
    "max_occupancy": "Mål: høyeste belegg",
    "max_refusal": "Mål: høyeste avvisningssannsynlighet",
    "staff_header": "Bemanning (årsverk)",
    "staff_type": "{label} ({rate} årsverk per plass)",
    "staff_project": "{project}: faste årsverk",
    "staff_total": "Årsverk i alt",
    "labour_ceiling": "Årsverk kommunen kan bemanne",
    "labour_room": "Rom (tak − årsverk i alt)",
    # costs by year
    "costs_title": "Kostnader per år",
    "costs_note": (
        "Tilskudd og husleieinntekt er negative. Netto kostnad = eksisterende plasser + det planen legger til; "
        "diskontert = netto × diskonteringsfaktor."
    ),
    "discount_rate": "Diskonteringsrente",
    "existing_block": "Eksisterende plasser (beholdningen)",
    "existing_operating": "Driftskostnad, eksisterende plasser",
    "existing_rent": "Husleieinntekt, eksisterende plasser",
    "existing_net": "Netto, eksisterende plasser",
    "added_block": "Det planen legger til",
    "investment": "Investering",
    "grants": "Investeringstilskudd (Husbanken)",
    "fixed_costs": "Faste prosjektkostnader",
    "conversion_costs": "Ombyggingskostnader",
    "operating": "Driftskostnad",
    "rent_income": "Husleieinntekt",
    "added_operating": "Driftskostnad, nye og ombygde plasser",
    "added_rent": "Husleieinntekt, nye og ombygde plasser",
    "added_operating_sites": (
        "Driftskostnad, nye og ombygde plasser, minus plasser ute av drift (nedlagt, rehabiliteres)"
    ),
    "added_rent_sites": "Husleieinntekt, nye og ombygde plasser, minus plasser ute av drift (nedlagt, rehabiliteres)",
    "fixed_operating": "Fast drift (prosjekter, bygg)",
    "renovation": "Rehabilitering av eksisterende bygg",
    "renovation_grants": "Tilskudd til rehabilitering av eksisterende bygg (Husbanken)",
    "closure_costs": "Kostnader ved nedleggelse",
    "purchases": "Kjøpte plasser",
    "sales_income": "Inntekt av solgte plasser",
    "existing_fixed_operating": "Fast drift, eksisterende bygg",
    "added_fixed_operating": "Fast drift: prosjekter, fratrukket bygg som legges ned eller rehabiliteres",
    "added_net": "Netto, det planen legger til",
    "net_block": "Netto og nåverdi",
    "net_cost": "Netto kostnad",
    "discount_factor": "Diskonteringsfaktor 1 ÷ (1 + rente)^(år − første år)",
    "discounted_net_cost": "Diskontert netto kostnad",
    # budget
    "budget_title": "Budsjett: investeringsramme og handlingsrom",
    "budget_note": ("Netto investering = {formula} (det rammen begrenser). Handlingsrom = ramme − netto investering."),
    "term_investment": "investering",
    "term_grants": "tilskudd",
    "term_fixed_costs": "faste prosjektkostnader",
    "term_conversion_costs": "ombyggingskostnader",
    "term_renovation": "rehabilitering",
    "term_renovation_grants": "rehabiliteringstilskudd",
    "term_closure_costs": "nedleggelseskostnader",
    "ceiling": "Investeringsramme",
    "net_investment": "Netto investering planen betaler",
    "headroom": "Handlingsrom (ramme − netto investering)",
    "no_ceiling": "Ingen investeringsramme er gitt (arket budget i inndata).",
    "chart_net_cost": "Netto kostnad per år (drift av alle plasser, investering og tilskudd)",
    "chart_budget": "Netto investering mot investeringsrammen",
    "axis_money": "mill. kr",
    # band costs
    "band_costs_title": "Båndkostnader: hva hvert dekningskrav koster",
    "band_costs_note": (
        "Planen er løst på nytt uten hvert krav, og med minimum 0,1 prosentpoeng høyere (maksimum 0,1 lavere)."
    ),
    "band_costs_absent": "Båndkostnader er ikke beregnet: de krever to eller tre nye løsninger per bånd.",
    "band_costs_how": "Kjør planner solve med --band-costs (eller innstillingen band_costs = yes) for å få dem.",
    "band_costs_stochastic": "De beregnes ikke for en plan over scenarioene (--stochastic); lag dem for ett scenario.",
    "npv_plan": "Nåverdi, planen",
    "npv_without": "Nåverdi uten kravet",
    "cost_of_band": "Kravets kostnad",
    "npv_min_raised": "Nåverdi, min. +0,1 pp",
    "marginal_min": "Per 0,1 pp høyere min.",
    "npv_max_lowered": "Nåverdi, maks. −0,1 pp",
    "marginal_max": "Per 0,1 pp lavere maks.",
    "kind": "Type",
    "band_status": "Merknad",
    # what the status, the method and the solver mean (the notes sheet; its paragraphs: nb_notes.py)
    "note_diagnosis": (
        "Diagnose: de harde dekningskravene kan ikke alle holdes. Arbeidsboken viser planen som bryter dem med færrest "
        "plasser totalt (og blant slike koster minst), ikke en plan å følge. Dekningsgrad viser per krav og år "
        "plassene for lite (rødt) eller for mye (oransje); Oversikt sier hvordan det kan løses opp. I arket coverage "
        "er det kolonnene shortfall_places og excess_places."
    ),
    "note_replanned": (
        "Planen er lagt på nytt mot forrige plan ({file}): åpninger som har skjedd er eksisterende plasser, vedtatte "
        "(innenfor ledetiden) og frosne åpninger er beholdt, resten er optimert på nytt med en liten straff per plass "
        "som flyttes (change_penalty, ikke med i nåverdien). Arket changes viser hva som er endret og hvorfor, og "
        "hvordan hver åpning i forrige plan er behandlet."
    ),
    "note_ratio": (
        "Dette er forholdstallsregelens plan (dagens praksis), ikke et optimum: år for år, uten å se fremover, de "
        "billigste plassene som holder hvert hardt kravs minimum det året. Den prises med de samme kostnadsformlene "
        "som en optimert plan; Dekningsgrad viser årene den bryter et krav, og da er nåverdien ikke direkte "
        "sammenlignbar."
    ),
    "note_stopped": (
        "Løseren stoppet før optimum var bevist; summary.mip_gap sier hvor langt fra bevist den kan være."
    ),
    "note_cbc": (
        "CBC 2.10 har kalt planer optimale som ikke var det (noen hundre tusen kroner over optimum på testtilfeller); "
        "HiGHS, standardløseren, beviser sitt optimum."
    ),
    "note_cbc_verify": " Løs med --verify for å la HiGHS kontrollere CBC.",
    # what the plan does (the overview's paragraph)
    "miss_in_years": "{band} i {years} ({place_years} plassår, verst {worst} plasser {kind} i {year})",
    "miss_short": "for lite",
    "miss_over": "for mye",
    "band_in_scenario": "{band} (scenario {scenario})",
    "plan_cannot_hold": (
        "De harde dekningskravene kan ikke alle holdes med de plassene som kan bygges innen ledetider, årlige grenser "
        "og investeringsramme. Minst mulig brudd: {missed}. Løs det opp ved å senke minimum, la kravet gjelde fra et "
        "senere år, tillate flere nye plasser per år eller en større ramme, eller gjøre kravet mykt (hard = no, med "
        "straff per plass og år). Tallene i arbeidsboken gjelder planen med minst brudd; den er ikke en plan å følge."
    ),
    "plan_is_ratio": (
        "Dette er forholdstallsregelens plan (dagens praksis), ikke en optimert plan: år for år åpner regelen de "
        "billigste plassene som holder hvert hardt krav det året, uten å se fremover."
    ),
    "plan_opens": "Planen åpner {count} nye plasser i {span} ({listed}).",
    "plan_opens_none": "Planen åpner ingen nye plasser i {span}.",
    "project_opening": "{project} ({year}, {places} plasser)",
    "plan_projects": "Av dem kommer {count} i {built}.",
    "plan_converts": "I tillegg bygges {count} eksisterende plasser om til en annen type.",
    "ratio_misses": (
        "Regelen bryter likevel harde krav: {missed}, fordi den ikke bygger i tide for årene som kommer. Nåverdien kan "
        "derfor ikke sammenlignes direkte med en plan som holder kravene."
    ),
    "plan_binding": (
        "Nye plasser åpner når et dekningskrav ellers ville blitt brutt, og disse kravene binder (mindre enn én plass "
        "i margin): {listed}."
    ),
    "plan_chooses": (
        "Der kravene gir rom, velger planen plassene med lavest nåverdikostnad (investering minus tilskudd, drift "
        "minus husleie), innenfor ledetider, årlige grenser og investeringsrammen."
    ),
    "stochastic_plan_sentence": (
        "Dette er én plan over {count} scenarioer ({scenarios}): beslutningene i {years} er de samme i alle, "
        "resten tilpasses hvert scenario. Tallene over og arkene etter dette følger hovedscenarioets vei ({chosen}); "
        "planen minimerer forventet nåverdi over scenarioene, {expected} (se Usikkerhet)."
    ),
    "robust_price": (
        "Planen holder de harde kravene også i {others}; det koster {regret} ({share}) mer i {scenario} enn "
        "scenarioets eget optimum, {own}."
    ),
    "robust_price_unproven": (
        "Planen holder de harde kravene også i {others}; det koster {regret} ({share}) mer i {scenario} enn den "
        "beste planen funnet for scenarioet alene, {own} (ikke bevist optimal)."
    ),
    "plan_npv_sites": (
        "Nåverdien er {npv}; {existing} av den er driften av beholdningen (plassene som finnes eller er vedtatt) og "
        "byggene gjennom hele perioden, som om alt ble beholdt; resten er det planen legger til, fratrukket det "
        "nedleggelser og rehabilitering sparer."
    ),
    "plan_npv": (
        "Nåverdien er {npv}; {existing} av den er driften av beholdningen (plassene som finnes eller er vedtatt) "
        "gjennom hele perioden, resten er det planen legger til."
    ),
    "soft_missed": "Det myke kravet {band} brytes i {years}, der det er billigere å betale straffen.",
    "band_cost_sentence": "Kravet {band} koster {cost} i nåverdi.",
    "and": "og",
    "place_years": "plassår",
    "millions": "{amount} mill. kr",
    # changes from the previous plan (the account)
    "converted_more": "{count} flere plasser bygges om fra {source} til {target} i {year}",
    "converted_more_1": "1 plass til bygges om fra {source} til {target} i {year}",
    "converted_fewer": "{count} færre plasser bygges om fra {source} til {target} i {year}",
    "converted_fewer_1": "1 plass færre bygges om fra {source} til {target} i {year}",
    "not_a_plan": "{file} ({name}) har status {status}: den er ikke en plan å følge.",
    "horizon_moved": (
        "Planperioden er flyttet fra {old} til {new}; åpninger sammenlignes for {first}–{last}, og nåverdiene gjelder "
        "ulike år (hver diskontert til sitt første år)."
    ),
    "npv_moved": "Nåverdi: {before} mill. kr før, {now} mill. kr nå ({change} mill. kr).",
    "no_change": "Ingen endring i åpninger eller ombygginger: planen er den forrige, plass for plass.",
    "project_built": "{project} bygges nå: {places} plasser åpner i {year}.",
    "project_dropped": "{project} bygges ikke lenger (skulle åpne i {year} med {places} plasser).",
    "project_moved": "åpner i {year} i stedet for {before}",
    "project_resized": "får {places} plasser i stedet for {before}",
    "opened_more": "{count} flere plasser av typen {type} åpner i {year}",
    "opened_more_1": "1 plass til av typen {type} åpner i {year}",
    "opened_fewer": "{count} færre plasser av typen {type} åpner i {year}",
    "opened_fewer_1": "1 plass færre av typen {type} åpner i {year}",
    "stock_changed": "eksisterende: {site} ({type}) har {now} plasser i {years}, mot {before} i grunnlagets inndata.",
    "stock_new": "eksisterende: {site} ({type}) er ny, med {now} plasser i {years}.",
    "stock_gone": "eksisterende: {site} ({type}) er borte; grunnlagets inndata hadde {before} plasser i {years}.",
    "smaller_changes": "; og {count} mindre endring(er)",
    "population_higher": (
        "{base} i {year} er {share} høyere enn i forrige prognose ({now} mot {before}; endret i {years})."
    ),
    "population_lower": (
        "{base} i {year} er {share} lavere enn i forrige prognose ({now} mot {before}; endret i {years})."
    ),
    "population_all_higher": (
        "{bases} er hver opptil {share} høyere enn i forrige prognose i {years} ({base} i {year}: {now} mot {before})."
    ),
    "population_all_lower": (
        "{bases} er hver opptil {share} lavere enn i forrige prognose i {years} ({base} i {year}: {now} mot {before})."
    ),
    "kept_item": "{what}, {year}: {places} plasser",
    "kept_openings": "Beholdt fra {file}: {items} ({why}; endringsarket viser hvordan hver åpning ble behandlet).",
    "kept_committed": "bundet: byggingen er i gang",
    "kept_stage": "bundet i den stokastiske planens bundne år",
    "kept_frozen": "låst med --freeze-until",
    "more_changes": "; og {count} til",
    "input_changed": "{sheet}: {column} for {name} er endret fra {before} til {now}.",
    "input_new": "{sheet}: {name} er ny.",
    "input_gone": "{sheet}: {name} er fjernet.",
    # the model's and the solver's phrases (the summary and band_costs keep them in English)
    "check_proven": "bevist av HiGHS",
    "check_unchecked": (
        "CBCs egen påstand, ikke kontrollert (CBC 2.10 kan kalle en plan optimal som ikke er det; bruk --verify)"
    ),
    "check_verified": "kontrollert av {by}: samme optimum",
    "check_not_verified": "ikke kontrollert: {by} fant ikke noe bevis i tide",
    "check_refuted": "CBC kalte den optimal; {by} fant en billigere plan, og optimum kan være opptil {gap} lavere",
    "solver_ratio": "forholdstallsregelen, priset med {solver}",
    "resolve_without": "uten kravet",
    "resolve_min": "min. +0,1 pp",
    "resolve_max": "maks. −0,1 pp",
    "outcome_optimal": "optimal",
    "outcome_feasible": "gyldig",
    "outcome_infeasible": "umulig",
    "outcome_no_solution": "ingen løsning",
    "outcome_unbounded": "ubegrenset",
}
