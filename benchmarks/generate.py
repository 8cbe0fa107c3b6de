"""Synthetic programme portfolios for the benchmarks.

`python benchmarks/generate.py OUT --files 10000` writes about that many files:
programmes of one programme.yaml, 8 benefits, 15 gaps and 26 projects each (50
files), with Swedish text, 2-4 indicators per benefit holding 5-20 measurements,
status histories, milestones, funding and risks. Files average about 1.3 KB, like
the shipped examples. The output is a pure function of --files and --seed.

About one file in twenty carries a finding (a dangling gap reference, a stale
status, a missing handover, a budget without a forecast), so the commands have
something to report.

`--findings 0.15` makes it a realistic portfolio: about that share of the files
has a finding of the common kinds, as a portfolio in use has (stale statuses and
projects past their end in execution, PS604 and PS605; indicators not measured in
the last twelve months, PS404). `python benchmarks/generate.py OUT --files 10000
--findings 0.15 --check` counts them with `progstyr validate`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

BENEFITS, GAPS, PROJECTS = 8, 15, 26
FILES_PER_PROGRAMME = 1 + BENEFITS + GAPS + PROJECTS
BASE_SHARE = 0.05
"""The share of files with a finding without --findings (measured: 530 of 10,000)."""

CITIES = [
    "Malmö",
    "Göteborg",
    "Stockholm",
    "Uppsala",
    "Örebro",
    "Västerås",
    "Norrköping",
    "Helsingborg",
    "Jönköping",
    "Umeå",
    "Linköping",
    "Borås",
    "Södertälje",
    "Eskilstuna",
    "Gävle",
    "Växjö",
]
AREAS = [
    "Rosengård",
    "Lindängen",
    "Hjällbo",
    "Rinkeby",
    "Gottsunda",
    "Vivalla",
    "Skiftinge",
    "Hageby",
    "Navestad",
    "Råslätt",
    "Ålidhem",
    "Skäggetorp",
    "Hässleholmen",
    "Hovsjö",
    "Sätra",
    "Araby",
    "Holma",
    "Kroksbäck",
    "Seved",
    "Nydala",
    "Hermodsdal",
    "Tensta",
    "Husby",
    "Fittja",
]
ORG_NAMES = [
    ("kommunstyrelsen", "Kommunstyrelsen", "municipal"),
    ("stadskontoret", "Stadskontoret", "municipal"),
    ("fritidsforvaltningen", "Fritidsförvaltningen", "municipal"),
    ("kultur-och-fritid", "Kultur & fritid", "municipal"),
    ("grundskoleforvaltningen", "Grundskoleförvaltningen", "municipal"),
    ("arbetsmarknadsforvaltningen", "Arbetsmarknads- och socialförvaltningen", "municipal"),
    ("stadsbyggnadskontoret", "Stadsbyggnadskontoret", "municipal"),
    ("polisen", "Polisen, lokalpolisområdet", "authority"),
    ("arbetsformedlingen", "Arbetsförmedlingen", "authority"),
    ("raddningstjansten", "Räddningstjänsten", "authority"),
    ("bostadsbolaget", "Det kommunala bostadsbolaget", "housing"),
    ("fastighetsagarna", "Fastighetsägare i området", "housing"),
    ("foreningar", "Lokala föreningar och trossamfund", "civil-society"),
    ("hogskolan", "Högskolan, institutionen för urbana studier", "academia"),
    ("naringslivet", "Lokala företagare", "business"),
    ("boende", "Boende i området", "residents"),
]
THEMES = [
    (
        "trygghet",
        "Trygghet",
        "Invånarna känner sig trygga i sitt bostadsområde och på väg till och från skola och arbete.",
    ),
    (
        "egen-forsorjning",
        "Fler vuxna i egen försörjning",
        "Fler vuxna har ett arbete eller studerar och kan försörja sig själva och sin familj.",
    ),
    (
        "skolresultat",
        "Bättre skolresultat",
        "Fler elever når kunskapskraven i alla ämnen och blir behöriga till gymnasiet.",
    ),
    ("halsa", "God hälsa", "Invånarna har en god och jämlik hälsa och rör sig mer i vardagen."),
    (
        "delaktighet",
        "Delaktighet och tillit",
        "Invånarna är delaktiga i områdets utveckling och har tillit till varandra och till staden.",
    ),
    (
        "boendemiljo",
        "Attraktiv boendemiljö",
        "Området har en varierad bebyggelse, välskötta gårdar och levande mötesplatser.",
    ),
    (
        "framtidstro",
        "Framtidstro",
        "Unga i området tror på sin framtid och ser vägar till utbildning och arbete.",
    ),
    ("service", "Lokal service", "Det finns handel, service och offentliga verksamheter nära de boende."),
]
WORDS = [
    "arbete",
    "samverkan",
    "invånare",
    "området",
    "skolan",
    "föreningar",
    "fastighetsägare",
    "stråk",
    "belysning",
    "mötesplats",
    "ungdomar",
    "kvällstid",
    "sommarlov",
    "språk",
    "läsning",
    "praktik",
    "handledning",
    "kartläggning",
    "dialog",
    "trygghetsvandring",
    "uppföljning",
    "lägesbild",
    "insatser",
    "förvaltningen",
    "ansvar",
    "kompetens",
    "utbildning",
    "hälsa",
    "idrott",
    "kultur",
    "bibliotek",
    "fritidsgård",
    "boende",
    "lokaler",
    "upprustning",
    "grönytor",
    "lekplats",
    "föräldrar",
    "nätverk",
    "utveckling",
]
INDICATOR_NAMES = [
    ("Andel invånare som känner sig trygga ute sent en kväll i sitt område", "%", "increase"),
    ("Andel vuxna 20-64 år i arbete eller studier", "%", "increase"),
    ("Andel elever i årskurs 9 som är behöriga till gymnasiet", "%", "increase"),
    ("Anlagda bränder utomhus under föregående kalenderår", "antal", "decrease"),
    ("Andel invånare som har förtroende för kommunen", "%", "increase"),
    ("Antal besökare per vecka på mötesplatsen", "antal", "increase"),
    ("Andel barn i familjer med långvarigt ekonomiskt bistånd", "%", "decrease"),
    ("Andel invånare som uppger gott allmänt hälsotillstånd", "%", "increase"),
]
REFERENCE = dt.date(2026, 11, 23)
"""The benchmarks run with `--as-of` this date: programmes are running then."""
PHASES = [
    "completed",
    "handed-over",
    "execution",
    "execution",
    "execution",
    "planning",
    "pre-study",
    "proposed",
    "cancelled",
]


def sentence(rnd: random.Random, words: int) -> str:
    chosen = [rnd.choice(WORDS) for _ in range(words)]
    return (" ".join(chosen)).capitalize() + "."


def folded(text: str, indent: int = 2, width: int = 76) -> str:
    """A `>` block scalar body, wrapped like a person would."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    pad = " " * indent
    return ">\n" + "".join(f"{pad}{part}\n" for part in lines)


def slug(word: str) -> str:
    return word.translate(str.maketrans("åäöé", "aaoe"))


def years_later(when: dt.date, years: int) -> dt.date:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)


def day(rnd: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rnd.randrange(max(1, (end - start).days)))


class Generator:
    def __init__(self, seed: int, findings: float | None = None) -> None:
        self.rnd = random.Random(seed)
        # the chance that a benefit or project gets a finding of its own (only benefits
        # and projects get one), so that about `findings` of all files have one
        extra = max(0.0, (findings or 0.0) - BASE_SHARE) / (1 - BASE_SHARE)
        self.chance = min(1.0, extra * FILES_PER_PROGRAMME / (BENEFITS + PROJECTS)) if findings else 0.0

    def finding(self) -> bool:
        """Whether the next benefit or project gets a finding (draws nothing without --findings,
        so the default trees stay as they were)."""
        return self.chance > 0 and self.rnd.random() < self.chance

    def programme(self, index: int) -> tuple[str, dict[str, str]]:
        rnd = self.rnd
        city = CITIES[index % len(CITIES)]
        area = AREAS[index % len(AREAS)]
        pid = f"program-{index:04d}"
        start = dt.date(REFERENCE.year - 1 - index % 3, 1 + index % 12, 1)
        end = years_later(start, 5) - dt.timedelta(days=1)
        orgs = rnd.sample(ORG_NAMES, 12)
        org_ids = [org[0] for org in orgs]
        owner = org_ids[0]
        files: dict[str, str] = {}
        lines = [
            f"# Program {area}, {city}: synthetic benchmark data.",
            f"name: Program {area} {index}",
            "description: "
            + folded(f"Ett sammanhållet program för {area} i {city}. " + sentence(rnd, 30)).rstrip("\n"),
            "vision: " + folded(sentence(rnd, 24)).rstrip("\n"),
            f"owner: {owner}",
            f"manager: Programchef, stadskontoret i {city}",
            "phase: implementation",
            "period:",
            f"  start: {start.isoformat()}",
            f"  end: {end.isoformat()}",
            f"measure_until: {years_later(end, 6).isoformat()}",
            "language: sv",
            "currency: SEK",
            "areas:",
            f"  - {area}",
            f"  - {AREAS[(index + 7) % len(AREAS)]}",
            "organisations:",
        ]
        for oid, name, kind in orgs:
            lines += [f"  - id: {oid}", f"    name: {name}", f"    type: {kind}"]
        lines.append("decisions:")
        for n in range(3):
            when = day(rnd, start, end)
            lines += [
                f"  - date: {when.isoformat()}",
                "    body: Kommunstyrelsen",
                f"    reference: KS-{when.year}-{rnd.randrange(100, 2000)}",
                f"    summary: {sentence(rnd, 10 + n)}",
            ]
        files["programme.yaml"] = "\n".join(lines) + "\n"

        themes = rnd.sample(THEMES, BENEFITS)
        benefit_ids = [theme[0] for theme in themes]
        for position, (bid, name, text) in enumerate(themes):
            files[f"benefits/{bid}.yaml"] = self.benefit(
                name, text, org_ids, benefit_ids, position, start, end
            )
        gap_ids = [f"gap-{n:02d}-{slug(rnd.choice(WORDS))}" for n in range(GAPS)]
        for gid in gap_ids:
            files[f"gaps/{gid}.yaml"] = self.gap(benefit_ids, start, end)
        for n in range(PROJECTS):
            pid_ = f"projekt-{n:02d}-{slug(rnd.choice(WORDS))}"
            files[f"projects/{pid_}.yaml"] = self.project(org_ids, gap_ids, start, end)
        return pid, files

    def benefit(
        self,
        name: str,
        text: str,
        orgs: list[str],
        benefit_ids: list[str],
        position: int,
        start: dt.date,
        end: dt.date,
    ) -> str:
        rnd = self.rnd
        unmeasured = self.finding()  # PS404: no measurement in the last twelve months
        intermediate = position >= 5
        lines = [
            f"name: {name}",
            "description: " + folded(text).rstrip("\n"),
            f"owner: {rnd.choice(orgs)}",
            f"level: {'intermediate' if intermediate else 'end'}",
        ]
        if intermediate:
            lines += ["contributes_to:", f"  - {benefit_ids[0]}", f"  - {benefit_ids[1]}"]
        lines.append("indicators:")
        for n in range(rnd.randint(1, 2)):
            iname, unit, direction = rnd.choice(INDICATOR_NAMES)
            base = round(rnd.uniform(20, 60), 1)
            count = rnd.randint(5, 20)
            last = REFERENCE - dt.timedelta(days=rnd.randrange(0, 180))
            if unmeasured:
                last -= dt.timedelta(days=rnd.randrange(400, 700))
            step = rnd.uniform(0.5, 2.5) * (1 if direction == "increase" else -1)
            lines += [
                f"  - id: indikator-{n + 1}",
                f"    name: {iname}",
                f'    unit: "{unit}"',
                f"    direction: {direction}",
                "    source: Områdesundersökningen, delområde",
                "    baseline:",
                f"      date: {(last - dt.timedelta(days=91 * count)).isoformat()}",
                f"      value: {base}",
                "    target:",
                f"      date: {years_later(end, 4).isoformat()}",
                f"      value: {round(base + 10 * step, 1)}",
                "    measurements:",
            ]
            for m in range(count):
                when = last - dt.timedelta(days=91 * (count - 1 - m))
                lines += [
                    f"      - date: {when.isoformat()}",
                    f"        value: {round(base + step * m / 3, 1)}",
                ]
                if rnd.random() < 0.1:
                    lines.append(f"        note: {sentence(rnd, 6)}")
        return "\n".join(lines) + "\n"

    def gap(self, benefit_ids: list[str], start: dt.date, end: dt.date) -> str:
        rnd = self.rnd
        served = rnd.sample(benefit_ids, rnd.randint(1, 2))
        lines = [
            f"name: {sentence(rnd, 5)[:-1]}",
            "description: " + folded(sentence(rnd, 30)).rstrip("\n"),
            "current_state: " + folded(sentence(rnd, 22)).rstrip("\n"),
            "desired_state: " + folded(sentence(rnd, 20)).rstrip("\n"),
            "benefits:",
            *[f"  - {bid}" for bid in served],
            f"priority: {rnd.choice(['high', 'medium', 'medium', 'low'])}",
            f"identified: {day(rnd, start, end).isoformat()}",
        ]
        return "\n".join(lines) + "\n"

    def project(self, orgs: list[str], gap_ids: list[str], start: dt.date, end: dt.date) -> str:
        rnd = self.rnd
        finding = rnd.choice(["stale", "stale", "past-end"]) if self.finding() else None
        phase = "execution" if finding else rnd.choice(PHASES)
        # PS605 (a project past its end, still in execution): dated as a finished one
        if finding == "past-end" or phase in ("completed", "handed-over", "cancelled"):
            p_end = day(rnd, start + dt.timedelta(days=200), REFERENCE - dt.timedelta(days=10))
            p_start = max(start, p_end - dt.timedelta(days=rnd.randrange(150, 500)))
        elif phase == "execution":
            p_start = day(rnd, start, REFERENCE - dt.timedelta(days=130))
            p_end = day(rnd, REFERENCE + dt.timedelta(days=30), end)
        else:
            p_start = day(rnd, REFERENCE + dt.timedelta(days=20), end - dt.timedelta(days=200))
            p_end = day(rnd, p_start + dt.timedelta(days=100), end)
        done_before = REFERENCE if phase != "cancelled" else p_start
        closes = rnd.sample(gap_ids, rnd.randint(1, 2))
        if rnd.random() < 0.01:
            closes[0] = "gap-som-inte-finns"  # a finding: a dangling reference
        total = rnd.randrange(2, 60) * 50_000
        lines = [
            f"name: {sentence(rnd, 4)[:-1]}",
            "description: " + folded(sentence(rnd, 40)).rstrip("\n"),
            f"owner: {rnd.choice(orgs)}",
            "contact:",
            f"  name: {rnd.choice(['Anna', 'Ahmed', 'Sara', 'Johan', 'Fatima', 'Erik'])} "
            f"{rnd.choice(['Andersson', 'Osman', 'Nilsson', 'Yilmaz', 'Berg', 'Lind'])}",
            f"phase: {phase}",
            "period:",
            f"  start: {p_start.isoformat()}",
            f"  end: {p_end.isoformat()}",
            "closes:",
            *[f"  - {gid}" for gid in closes],
            "partners:",
            *[f"  - {oid}" for oid in rnd.sample(orgs, 2)],
            "budget:",
            f"  total: {total}",
            f"  spent: {total * rnd.randrange(0, 100) // 100}",
            "  funding:",
            f"    - source: {rnd.choice(['Kommunstyrelsen, programmedel', 'Europeiska socialfonden'])}",
            f"      amount: {total}",
            "status:",
        ]
        updates = rnd.randint(1, 4) if p_start < REFERENCE else 0
        latest = min(p_end, REFERENCE) - dt.timedelta(days=rnd.randrange(1, 60))
        if finding == "stale":  # PS604: the latest status is older than 90 days
            updates = max(updates, 1)
            latest = max(p_start, REFERENCE - dt.timedelta(days=rnd.randrange(100, 300)))
        for n in range(updates):
            when = max(p_start, latest - dt.timedelta(days=60 * (updates - 1 - n)))
            lines += [
                f"  - date: {when.isoformat()}",
                f"    overall: {rnd.choice(['green', 'green', 'amber', 'red'])}",
                f"    schedule: {rnd.choice(['green', 'amber'])}",
                f"    comment: {sentence(rnd, 9)}",
            ]
        if updates == 0:
            lines.pop()  # no status yet
        lines.append("milestones:")
        for n in range(rnd.randint(1, 3)):
            when = min(p_end, p_start + dt.timedelta(days=90 * (n + 1)))
            lines += [
                f"  - name: {sentence(rnd, 3)[:-1]}",
                f"    date: {when.isoformat()}",
                f"    done: {'true' if when < done_before else 'false'}",
            ]
        if phase in ("completed", "handed-over") and rnd.random() > 0.01:
            lines += ["handover:", f"  recipient: {rnd.choice(orgs)}", f"  date: {p_end.isoformat()}"]
        if rnd.random() < 0.3:
            lines += [
                "risks:",
                f"  - description: {sentence(rnd, 8)}",
                "    likelihood: medium",
                "    impact: high",
                f"    mitigation: {sentence(rnd, 8)}",
            ]
        return "\n".join(lines) + "\n"


def generate(out: Path, files: int, seed: int = 1, findings: float | None = None) -> int:
    """Write the portfolio under `out` (emptied first); return the number of files written.
    `findings`: about this share of the files has a finding (default: about 5 %)."""
    if out.exists():
        shutil.rmtree(out)
    gen = Generator(seed, findings)
    written = 0
    index = 0
    while written < files:
        pid, content = gen.programme(index)
        for rel, text in content.items():
            path = out / pid / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            written += 1
        index += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--files", type=int, default=1000, help="about this many files (whole programmes of 50)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--findings",
        type=float,
        metavar="SHARE",
        help="about this share of the files has a finding (e.g. 0.15; default about 0.05)",
    )
    parser.add_argument(
        "--check", action="store_true", help="count the files with a finding with `progstyr validate`"
    )
    args = parser.parse_args()
    count = generate(args.out, args.files, args.seed, args.findings)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(f"{count} files, {size / count:.0f} bytes on average, in {args.out}")
    if args.check:
        with_findings, codes = check(args.out)
        print(f"{with_findings} files ({with_findings / count:.1%}) have a finding: {codes}")


def check(tree: Path) -> tuple[int, str]:
    """How many files `progstyr validate` (as of REFERENCE, no cache) has a finding in,
    and the findings by code."""
    import collections
    import json
    import subprocess
    import sys

    progstyr = Path(sys.executable).parent / "progstyr"
    command = [str(progstyr), "validate", str(tree), "--format", "json", "--as-of", REFERENCE.isoformat()]
    found = json.loads(subprocess.run([*command, "--no-cache"], capture_output=True, check=False).stdout)
    diagnostics = found["diagnostics"]
    codes = collections.Counter(d["code"] for d in diagnostics).most_common()
    return len({d["path"] for d in diagnostics}), ", ".join(f"{code} {n}" for code, n in codes)


if __name__ == "__main__":
    main()
