"""Write the small SSB projection files in tests/fixtures/ (run: python tests/make_prognosis_fixtures.py).

Shaped like table 14288 (Framskrevet folkemengde): Region, Kjonn, Alder, ContentsCode (the alternative)
and Tid; two regions (3201 Bærum, 0301 Oslo), both sexes, ages 66–68, 79–81, 89–91 and 105+, the
alternatives MMMM and LHML, years 2026–2028. Every value is given by ``value()`` so the tests can
compute the expected sums by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures"
REGIONS = {"3201": "Bærum", "0301": "Oslo"}
SEXES = {"1": "Menn", "2": "Kvinner"}
AGES = {
    "066": "66 år",
    "067": "67 år",
    "068": "68 år",
    "079": "79 år",
    "080": "80 år",
    "081": "81 år",
    "089": "89 år",
    "090": "90 år",
    "091": "91 år",
    "105+": "105 år eller eldre",
}
ALTERNATIVES = {"Personer1": "Hovedalternativet (MMMM)", "Personer3": "Lav nasjonal vekst (LHML)"}
YEARS = ["2026", "2027", "2028"]
DIMENSIONS = [("Region", REGIONS), ("Kjonn", SEXES), ("Alder", AGES), ("ContentsCode", ALTERNATIVES), ("Tid", YEARS)]


def value(region: str, sex: str, age: str, alternative: str, year: str) -> int:
    """A distinct, readable number per cell: region 1000s, sex +100, age, alternative +5000, year step."""
    base = 1000 if region == "3201" else 2000
    return (
        base
        + (100 if sex == "2" else 0)
        + int(age.rstrip("+"))
        + (5000 if alternative == "Personer3" else 0)
        + 10 * YEARS.index(year)
    )


def cells():
    """Every cell in JSON-stat's row-major order (the last dimension fastest)."""
    for r in REGIONS:
        for s in SEXES:
            for a in AGES:
                for c in ALTERNATIVES:
                    for y in YEARS:
                        yield (r, s, a, c, y), value(r, s, a, c, y)


def dataset() -> dict:
    dims = {}
    for name, cats in DIMENSIONS:
        codes = list(cats) if isinstance(cats, dict) else cats
        labels = cats if isinstance(cats, dict) else {c: c for c in cats}
        # the index both ways the specification allows: an object for Region, arrays for the rest
        index = {c: i for i, c in enumerate(codes)} if name == "Region" else codes
        dims[name] = {"label": name.lower(), "category": {"index": index, "label": labels}}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "14288: Framskrevet folkemengde 1. januar (fixture)",
        "source": "Statistisk sentralbyrå (test fixture, invented numbers)",
        "id": [n for n, _ in DIMENSIONS],
        "size": [len(c) for _, c in DIMENSIONS],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": dims,
        "value": [v for _, v in cells()],
    }


def write_all() -> None:
    HERE.mkdir(exist_ok=True)
    full = dataset()
    (HERE / "prognosis.json").write_text(json.dumps(full, ensure_ascii=False, indent=1), encoding="utf-8")

    # sparse: value as an object keyed by flat index, leaving out every cell of age 66 (no band needs it)
    sparse = dataset()
    keys = [k for k, _ in cells()]
    sparse["value"] = {str(i): v for i, v in enumerate(full["value"]) if keys[i][2] != "066"}
    (HERE / "prognosis-sparse.json").write_text(json.dumps(sparse, ensure_ascii=False), encoding="utf-8")

    # missing: Bærum, women, 90 år, LHML, 2027 marked '..' (null value); Oslo 66 år MMMM 2026 too (not needed)
    missing = dataset()
    gone = keys.index(("3201", "2", "090", "Personer3", "2027"))
    unneeded = keys.index(("0301", "1", "066", "Personer1", "2026"))
    missing["value"][gone] = None
    missing["value"][unneeded] = None
    missing["status"] = {str(gone): "..", str(unneeded): ".."}
    (HERE / "prognosis-missing.json").write_text(json.dumps(missing, ensure_ascii=False), encoding="utf-8")

    # no age dimension: the same table summed over ages
    no_age = dataset()
    no_age["id"].remove("Alder")
    no_age["size"] = [len(c) for n, c in DIMENSIONS if n != "Alder"]
    del no_age["dimension"]["Alder"]
    no_age["value"] = [0] * (2 * 2 * 2 * 3)
    (HERE / "prognosis-no-age.json").write_text(json.dumps(no_age, ensure_ascii=False), encoding="utf-8")

    # year gap: 2026, 2027, 2029
    gap = dataset()
    gap["dimension"]["Tid"]["category"] = {"index": ["2026", "2027", "2029"], "label": {}}
    (HERE / "prognosis-gap.json").write_text(json.dumps(gap, ensure_ascii=False), encoding="utf-8")

    # SSB's table-page CSV: title line, blank line, quoted header, one value column per alternative,
    # Norwegian decimal comma (the numbers are whole, one written as 1079,0), Windows line ends
    lines = [
        '"14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år"',
        "",
        '"region";"kjønn";"alder";"år";"Hovedalternativet (MMMM)";"Lav nasjonal vekst (LHML)"',
    ]
    for r, rl in REGIONS.items():
        for s, sl in SEXES.items():
            for a, al in AGES.items():
                for y in YEARS:
                    main, low = value(r, s, a, "Personer1", y), value(r, s, a, "Personer3", y)
                    main_text = f"{main},0" if (r, s, a, y) == ("3201", "1", "079", "2026") else str(main)
                    lines.append(f'"{r} {rl}";"{sl}";"{al}";"{y}";{main_text};{low}')
    (HERE / "prognosis.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    (HERE / "baerum-projection.json").write_text(json.dumps(example_projection(), ensure_ascii=False), encoding="utf-8")
    nine = json.dumps(example_projection(NINE_ALTERNATIVES), ensure_ascii=False)
    (HERE / "baerum-projection-9.json").write_text(nine, encoding="utf-8")


# SSB publishes nine alternatives (fertility, life expectancy, domestic migration, immigration): code -> (label,
# how much faster a year than the main series the 80+ population grows from 2027). Invented rates, not SSB's.
NINE_ALTERNATIVES = {
    "Personer1": ("Hovedalternativet (MMMM)", 0.0),
    "Personer2": ("Høy nasjonal vekst (HHMH)", 0.003),
    "Personer3": ("Sterk aldring (LHML)", 0.005),
    "Personer4": ("Lav nasjonal vekst (LLML)", -0.004),
    "Personer5": ("Svak aldring (HLMH)", -0.003),
    "Personer6": ("Ingen innvandring (MMM0)", -0.002),
    "Personer7": ("Høy innvandring (MMMH)", 0.001),
    "Personer8": ("Lav innvandring (MMML)", -0.001),
    "Personer9": ("Null nettoinnvandring (MM00)", -0.0025),
}


def example_projection(alternatives: dict | None = None) -> dict:
    """Bærum 2026–2045 for the README's walk-through: every age 67–104 and 105+, both sexes, three alternatives.

    Its 80+ totals follow the example's illustrative main series (inputs/baerum/population.csv) for MMMM;
    LHML (strong ageing) grows 0.5 % a year faster from 2027 and HHMH (high growth) 0.3 % a year faster.
    Invented numbers, not SSB's.
    """
    import csv

    source = Path(__file__).resolve().parents[1] / "inputs" / "baerum" / "population.csv"
    with open(source, encoding="utf-8") as handle:
        main = {int(r["year"]): float(r["persons_80_plus"]) for r in csv.DictReader(handle)}
    years = [str(y) for y in sorted(main)]
    ages = {f"{a:03d}": f"{a} år" for a in range(67, 105)} | {"105+": "105 år eller eldre"}
    three = {"Personer1": ("Hovedalternativet (MMMM)", 0.0), "Personer3": ("Sterk aldring (LHML)", 0.005),
             "Personer2": ("Høy nasjonal vekst (HHMH)", 0.003)}  # fmt: skip
    alternatives = alternatives or three
    old = [a for a in ages if a == "105+" or int(a) >= 80]
    weights = {a: 0.93**i for i, a in enumerate(old)}  # fewer people at each older age
    total_weight = sum(weights.values())
    values = []
    for _sex in SEXES:
        for a in ages:
            for _code, (_label, faster) in alternatives.items():
                for y in years:
                    persons_80 = main[int(y)] * (1 + faster * (int(y) - 2026)) / 2  # half of them men, half women
                    if a in weights:
                        values.append(round(persons_80 * weights[a] / total_weight))
                    else:
                        values.append(round(persons_80 * 0.12))
    dims = {
        "Region": {"label": "region", "category": {"index": ["3201"], "label": {"3201": "Bærum"}}},
        "Kjonn": {"label": "kjønn", "category": {"index": list(SEXES), "label": SEXES}},
        "Alder": {"label": "alder", "category": {"index": list(ages), "label": ages}},
        "ContentsCode": {
            "label": "statistikkvariabel",
            "category": {"index": list(alternatives), "label": {c: v[0] for c, v in alternatives.items()}},
        },
        "Tid": {"label": "år", "category": {"index": years, "label": {y: y for y in years}}},
    }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "14288: Framskrevet folkemengde 1. januar (example, invented numbers)",
        "id": list(dims),
        "size": [1, len(SEXES), len(ages), len(alternatives), len(years)],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": dims,
        "value": values,
    }


if __name__ == "__main__":
    write_all()
