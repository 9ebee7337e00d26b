"""The notes sheet in bokmål: how to read the plan, by key (part of WORDS in nb.py)."""

from __future__ import annotations

NOTES: dict[str, str] = {
    "notes_title": "Slik leser du planen",
    "notes_people": "## Arkene til lesing",
    "notes_overview": (
        "Oversikt: hva planen gjør i ett avsnitt; nåverdien og hvordan den bygges opp; totaler over horisonten, "
        "udiskontert og diskontert; nye plasser per type og prosjekt; hvor båndene binder og brytes; løsningen."
    ),
    "notes_plan": (
        "Plan etter år: nye plasser per type og prosjekt, ombygginger, eksisterende plasser og plasser i drift "
        "(eksisterende − ute av drift + nye til og med året + ombygd inn − ombygd ut), kjøpte og solgte plasser, og "
        "plassene båndenes minimum krever. "
        "Diagrammet stabler plassene i drift per type mot dem."
    ),
    "notes_sites": (
        "Bygg (når inndata har sites-ark): per eksisterende bygg plassene, når levetiden går ut, hva planen gjør "
        "(beholder, rehabiliterer med årene med arbeid, legger ned) og hvorfor, og til sammenligning per plass og år "
        "hva en plass koster beholdt, hva en rehabilitering legger til og hva en ny plass koster."
    ),
    "notes_coverage": (
        "Dekningsgrad: per bånd og år grunnlaget, plassene, dekningsgraden (plasser i drift + kjøpt − solgt, ÷ "
        "grunnlaget), grensene, "
        "plassene grensene krever og tillater, og plasser under minimum eller over maksimum (rødt og oransje)."
    ),
    "notes_need_staff": (
        "Behov og bemanning (når inndata har need-, flows- eller labour-ark eller årsverk): hvert behovsgrunnlag som "
        "sum av vekt × aldersgruppe; per korttidsflyt innleggelser, liggetid, belastning (innleggelser × liggetid ÷ "
        "365), plassene som kreves (det minste hele tall som møter målene for avvisning etter Erlangs tapsformel og "
        "belegg), planens plasser, forventet belegg og sannsynlighet for avvisning; årsverk per type (plasser i drift "
        "× årsverk per plass), prosjektenes faste årsverk, sum, tak og rom (negativt er rødt)."
    ),
    "notes_key_figures": (
        "Nøkkeltall (KOSTRA) (når typene har en kostra-kolonne): planens tall per år slik SSB publiserer dem i KOSTRA, "
        "med indikatorens kode, som formler på planens rader og innbyggere 80 år og over; så planen kan leses ved "
        "siden av kommunens egen statistikk."
    ),
    "notes_costs": (
        "Kostnader per år: det eksisterende plasser og bygg koster (drift minus husleie, og byggenes faste drift) for "
        "seg, og det planen legger til (investering, tilskudd, faste kostnader, ombygging, drift og husleie for nye og "
        "ombygde plasser minus plasser ute av drift når bygg legges ned eller rehabiliteres, fast drift av prosjekter, "
        "rehabilitering, nedleggelse, kjøpte og solgte plasser); netto, diskonteringsfaktor, diskontert; nåverdien "
        "bygd opp nederst."
    ),
    "notes_budget": (
        "Budsjett: per år investeringsrammen, netto investering planen betaler og handlingsrommet (negativt er rødt); "
        "diagrammet viser netto investering og netto kostnad mot rammen."
    ),
    "notes_band_costs": (
        "Båndkostnader (med --band-costs): per bånd nåverdien uten båndet, båndets kostnad (planens nåverdi minus den) "
        "og marginalkostnaden av å heve minimum (senke maksimum) 0,1 prosentpoeng, hver ved en ny løsning."
    ),
    "notes_stochastic": (
        "Usikkerhet (med --stochastic): per scenario vekten, kostnaden med denne planen, scenarioets eget optimum, "
        "hovedscenarioets plan tilpasset og den robuste planens kostnad; forventede tall, EVPI og VSS som formler; "
        "så de bundne beslutningene (de samme i alle scenarioer) og hvert scenarios videreføring."
    ),
    "notes_formulas": (
        "Summer, netto, diskontering, dekningsgrad, nåverdi og handlingsrom er formler du kan følge; hver celle lagrer "
        "også tallet planleggeren regnet ut, så programmer som ikke regner på nytt viser samme tall. Beløp vises i "
        "mill. kr med én desimal; cellene holder kroner og øre."
    ),
    "notes_machine": "## Arkene for skript (faste kolonner, engelske navn)",
    "notes_machine_sheets": (
        "summary, plan, conversions, capacity, coverage, costs, site_decisions, grant_streams, purchased, sold, "
        "staff, flows, band_costs, changes, scenarios, scenario_coverage og stochastic er lange tabeller med rene "
        "verdier for skript; kolonnene er faste i planleggerens kontrakt (hver bare når planen har det den holder: "
        "bygg, kjøp og salg, bemanning, korttidsflyt, båndkostnader, en tidligere plan, scenarioer). "
        "input_<ark> er kopier av inndataarkene. De er skjult, slik at utskrift av "
        "arbeidsboken bare skriver ut arkene for mennesker; skript leser dem som før. For å se dem: i Excel "
        "høyreklikk en arkfane og velg Vis; i LibreOffice velg Ark > Vis ark."
    ),
    "notes_identities": (
        "capacity = beholdning − ute av drift (site_decisions) + åpnede plasser (plan) + ombygd inn − ombygd ut; "
        "plassene båndene teller = capacity + purchased − sold; net_cost = {net_cost}; "
        "discounted_net_cost = net_cost × discount_factor; objective_npv = Σ discounted_net_cost + "
        "penalties_discounted − residual_value_discounted."
    ),
    "notes_assumptions": "## Modellens forutsetninger",
    "notes_prices": (
        "Alle beløp i faste priser (inndataenes prisnivå). Diskonteringsfaktor d(t) = 1 ÷ (1 + rente)^(t − første år). "
        "Investering betales i åpningsåret, eller fordelt over ledetiden (investment_timing = spread)."
    ),
    "notes_new_place": (
        "En ny plass er i drift fra åpningsåret til horisontens slutt; restverdien av investeringen som ikke er "
        "avskrevet (lineært over levetiden) trekkes fra nåverdien, og det samme for en rehabilitering (over årene den "
        "gir, fra arbeidenes slutt). Drift og husleie gjelder hver plass i drift, også de eksisterende."
    ),
    "notes_bands": (
        "Dekningsgrad = plassene i båndets gruppe ÷ befolkningen det måles mot, hvert år. Harde bånd må holdes; myke "
        "kan brytes mot en straff per plass og år. Et prosjekt åpner én gang, alle typene samme år, tidligst første år "
        "+ lengste ledetid. Investeringsrammen begrenser netto investering per år."
    ),
    "notes_need": (
        "Et behovsgrunnlag (need-arket) er en vektet sum av aldersgrupper; et sammensetningsbånd (grunnlag "
        "places:<gruppe>) måler plassene mot plassene i en annen gruppe; en korttidsflyt blir et bånd <gruppe>_flow "
        "med minimum = plassene den krever. Årsverkstaket (labour-arket) begrenser årsverk per år: plasser i drift × "
        "årsverk per plass + faste årsverk i åpnede prosjekter."
    ),
    "notes_sites_contracts": (
        "Eksisterende bygg (sites-arket) kan beholdes til levetiden går ut, rehabiliteres (plassene er ute av drift i "
        "årene med arbeid, og bygget får nye år) eller legges ned (plassene er ute av drift fra da); etter levetiden "
        "må bygget rehabiliteres eller legges ned. Kjøpte plasser (purchases-arket) teller i dekningsgraden til sin "
        "pris, i avtaler på minst min_contract_years år, så planen kan kjøpe og selge samme type samme år når en "
        "avtale fortsatt løper; solgte plasser (sales-arket) teller ikke og gir inntekt, høyst max_sold_share av "
        "egne plasser i drift. Husbankens investeringstilskudd har to strømmer: netto tilvekst (grant_per_place) for "
        "nye plasser som løfter de tilskuddsberettigede plassene over nivået i første år, og utskiftning "
        "(replacement_grant_per_place) for resten (grant_streams)."
    ),
    "notes_provenance": "## Kilde",
    "notes_input_file": "Inndatafil",
    "notes_solver": "løser",
    "notes_created": "Laget",
    "notes_check": "Optimum kontrollert",
}
