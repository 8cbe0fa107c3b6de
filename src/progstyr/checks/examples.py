# ruff: noqa: E501 - example files read best on one line each
"""A bad and a good example for every code, shown by `progstyr rules CODE`.

A test checks that every registered code has one (tests/test_machine_output.py).
Each example is the relevant fragment of the file it names: `projects/x.yaml: …`;
the per-code tests in tests/test_checks.py hold the complete cases.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, str]] = {
    "PS100": ('gaps/x.yaml:\nname: "Otrygga stråk\n', 'gaps/x.yaml:\nname: "Otrygga stråk"\n'),
    "PS101": (
        "projects/x.yaml:\nowner: ks\nowner: fritid\n",
        "projects/x.yaml:\nowner: ks\npartners: [fritid]\n",
    ),
    "PS102": ("gaps/x.yaml:\n- name: Otrygga stråk\n", "gaps/x.yaml:\nname: Otrygga stråk\n"),
    "PS103": (
        "gaps/x.yaml:\nname: Otrygga stråk\n",
        "gaps/x.yaml:\nname: Otrygga stråk\npriority: high\n# … and the other required fields\n",
    ),
    "PS104": (
        "projects/x.yaml:\nbudget:\n  total: 1 137 500 kr\n",
        "projects/x.yaml:\nbudget:\n  total: 1137500\n",
    ),
    "PS105": (
        "projects/x.yaml:\nbudjet:\n  total: 1137500\n",
        "projects/x.yaml:\nbudget:\n  total: 1137500\n",
    ),
    "PS106": ("projects/Ny belysning.yaml", "projects/ny-belysning.yaml"),
    "PS107": ("gaps/x.yaml:\nbenefits: &b [trygghet]\n", "gaps/x.yaml:\nbenefits: [trygghet]\n"),
    "PS108": ('progstyr.toml:\nstale_status_days = "ninety"\n', "progstyr.toml:\nstale_status_days = 90\n"),
    "PS109": (
        'gaps/x.yaml:\ncurrent_state: ""  # TODO: vad som görs i dag\nbenefits: []  # TODO: nyttorna som gapet tjänar\n',
        "gaps/x.yaml:\ncurrent_state: Gångstråken är mörka.\nbenefits: [trygghet]\n",
    ),
    "PS201": ("projects/x.yaml:\ncloses: [belysnig]\n", "projects/x.yaml:\ncloses: [belysning]\n"),
    "PS202": (
        "benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    # …\n  - id: otrygghet\n",
        "benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    # …\n  - id: brander\n",
    ),
    "PS203": (
        "benefits/a.yaml:\nlevel: intermediate\ncontributes_to: [b]\n\nbenefits/b.yaml:\nlevel: intermediate\ncontributes_to: [a]\n",
        "benefits/a.yaml:\nlevel: intermediate\ncontributes_to: [b]\n\nbenefits/b.yaml:\nlevel: end\n",
    ),
    "PS204": (
        "benefits/x.yaml:\nlevel: end\ncontributes_to: [trygghet]\n",
        "benefits/x.yaml:\nlevel: intermediate\ncontributes_to: [trygghet]\n",
    ),
    "PS301": (
        "projects/x.yaml:\nperiod:\n  start: 2024-01-01\n  end: 2023-12-31\n",
        "projects/x.yaml:\nperiod:\n  start: 2024-01-01\n  end: 2024-12-31\n",
    ),
    "PS302": (
        "programme.yaml: period 2022-01-01 to 2025-12-31\nprojects/x.yaml:\nperiod:\n  start: 2021-06-01\n  end: 2022-06-30\n",
        "programme.yaml: period 2022-01-01 to 2025-12-31\nprojects/x.yaml:\nperiod:\n  start: 2022-06-01\n  end: 2023-06-30\n",
    ),
    "PS303": (
        "benefits/x.yaml (as of 2024-06-01):\n    measurements:\n      - {date: 2042-01-01, value: 30}\n",
        "benefits/x.yaml (as of 2024-06-01):\n    measurements:\n      - {date: 2024-01-01, value: 30}\n",
    ),
    "PS304": (
        "benefits/x.yaml:\n    measurements:\n      - {date: 2024-01-01, value: 30}\n      - {date: 2023-01-01, value: 35}\n",
        "benefits/x.yaml:\n    measurements:\n      - {date: 2023-01-01, value: 35}\n      - {date: 2024-01-01, value: 30}\n",
    ),
    "PS401": (
        "benefits/x.yaml:\nname: Trygghet\nowner: ks\n",
        "benefits/x.yaml:\nname: Trygghet\nowner: ks\nindicators:\n  - id: otrygghet\n    # …\n",
    ),
    "PS402": (
        "benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    name: Andel otrygga\n    direction: decrease\n",
        "benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    name: Andel otrygga\n    direction: decrease\n    baseline: {date: 2022-01-01, value: 40}\n    target: {date: 2025-12-31, value: 20}\n",
    ),
    "PS403": (
        "benefits/x.yaml:\n    direction: decrease\n    baseline: {date: 2022-01-01, value: 40}\n    target: {date: 2025-12-31, value: 50}\n",
        "benefits/x.yaml:\n    direction: decrease\n    baseline: {date: 2022-01-01, value: 40}\n    target: {date: 2025-12-31, value: 20}\n",
    ),
    "PS404": (
        "benefits/x.yaml (as of 2024-06-01, programme in implementation):\n    measurements:\n      - {date: 2022-03-01, value: 38}\n",
        "benefits/x.yaml (as of 2024-06-01):\n    measurements:\n      - {date: 2022-03-01, value: 38}\n      - {date: 2024-03-01, value: 31}\n",
    ),
    "PS406": (
        "benefits/x.yaml:\n    by_sex: true\n    baseline: {date: 2022-01-01, value: 40}\n",
        "benefits/x.yaml:\n    by_sex: true\n    baseline: {date: 2022-01-01, value: 40, women: 44, men: 36}\n",
    ),
    "PS501": (
        "projects/x.yaml:\nphase: execution\ncloses: []\n",
        "projects/x.yaml:\nphase: execution\ncloses: [belysning]\n",
    ),
    "PS502": (
        "gaps/belysning.yaml:\npriority: high\n# and no project in execution or delivered closes it\n",
        "projects/x.yaml:\nphase: execution\ncloses: [belysning]\n",
    ),
    "PS503": ("benefits/halsa.yaml\n# and no gap lists halsa\n", "gaps/x.yaml:\nbenefits: [halsa]\n"),
    "PS504": (
        "gaps/x.yaml:\nstatus: closed\n# but its only project is in execution\n",
        "gaps/x.yaml:\nstatus: open\n",
    ),
    "PS601": (
        "projects/x.yaml:\nphase: completed\n",
        "projects/x.yaml:\nphase: completed\nhandover:\n  recipient: fritid\n",
    ),
    "PS602": (
        "programme.yaml: phase closing\nprojects/x.yaml:\nphase: execution\n",
        "projects/x.yaml:\nphase: execution\nhandover:\n  recipient: fritid\n",
    ),
    "PS603": (
        "programme.yaml: phase closed\nprojects/x.yaml:\nphase: execution\n",
        "projects/x.yaml:\nphase: handed-over\nhandover:\n  recipient: fritid\n",
    ),
    "PS604": (
        "projects/x.yaml (as of 2024-06-01):\nphase: execution\nstatus:\n  - {date: 2023-11-01, overall: green}\n",
        "projects/x.yaml (as of 2024-06-01):\nphase: execution\nstatus:\n  - {date: 2024-05-01, overall: green}\n",
    ),
    "PS605": (
        "projects/x.yaml (as of 2024-06-01):\nphase: execution\nperiod: {start: 2022-01-01, end: 2023-12-31}\n",
        "projects/x.yaml (as of 2024-06-01):\nphase: completed\nperiod: {start: 2022-01-01, end: 2023-12-31}\n",
    ),
    "PS606": (
        "projects/x.yaml (as of 2024-06-01):\nmilestones:\n  - {name: Upphandling klar, date: 2024-03-01}\n",
        "projects/x.yaml (as of 2024-06-01):\nmilestones:\n  - {name: Upphandling klar, date: 2024-03-01, done: true}\n",
    ),
    "PS701": (
        "projects/x.yaml:\nbudget:\n  total: 1000000\n  funding:\n    - {source: Kommunstyrelsen, amount: 600000}\n",
        "projects/x.yaml:\nbudget:\n  total: 1000000\n  funding:\n    - {source: Kommunstyrelsen, amount: 600000}\n    - {source: Boverket, amount: 400000}\n",
    ),
    "PS702": (
        "projects/x.yaml:\nbudget:\n  total: 1000000\n  spent: 1200000\n",
        "projects/x.yaml:\nbudget:\n  total: 1000000\n  spent: 950000\n",
    ),
    "PS801": (
        "portfolio.yaml:\ngoals:\n  - {id: trygg-stad, name: En trygg stad}\n\nstadsdel-a/benefits/x.yaml:\nname: Trygghet\nlevel: end\n",
        "stadsdel-a/benefits/x.yaml:\nname: Trygghet\nlevel: end\nserves: [trygg-stad]\n",
    ),
    "PS802": (
        "portfolio.yaml:\ngoals:\n  - {id: trygg-stad, name: En trygg stad}\n\nstadsdel-a/benefits/x.yaml:\nserves: [trygg-stat]\n",
        "stadsdel-a/benefits/x.yaml:\nserves: [trygg-stad]\n",
    ),
    "PS803": (
        "portfolio.yaml:\nindicators:\n  - {id: otrygghet, name: Andel otrygga, direction: decrease}\n# and no benefit of stadsdel-b has an indicator with shared: otrygghet\n",
        "stadsdel-b/benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    shared: otrygghet\n    # …\n",
    ),
    "PS804": (
        "portfolio.yaml:\nindicators:\n  - {id: otrygghet, name: Andel otrygga, unit: '%', direction: decrease}\n\nstadsdel-a/benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    shared: otrygghet\n    direction: increase\n",
        "stadsdel-a/benefits/x.yaml:\nindicators:\n  - id: otrygghet\n    shared: otrygghet\n    direction: decrease  # or left out: taken from the portfolio\n",
    ),
    "PS805": (
        "portfolio.yaml (as of 2024-06-01):\nreporting:\n  - id: dr1\n    name: Delårsrapport 1\n    to: ks\n    every_months: 12\n    delivered: [2023-04-28]\n",
        "portfolio.yaml (as of 2024-06-01):\nreporting:\n  - id: dr1\n    name: Delårsrapport 1\n    to: ks\n    every_months: 12\n    delivered: [2023-04-28, 2024-04-26]\n",
    ),
    "PS806": (
        "portfolio.yaml (as of 2024-06-01):\n    recommendations:\n      - id: matbara-mal\n        text: Gör målen mätbara.\n        due: 2024-03-31\n",
        "portfolio.yaml (as of 2024-06-01):\n    recommendations:\n      - id: matbara-mal\n        text: Gör målen mätbara.\n        due: 2024-03-31\n        response: Målen har fått indikatorer.\n        status: done\n",
    ),
    "PS807": (
        "programme.yaml (as of 2024-06-01):\nperiod: {start: 2024-01-01, end: 2027-12-31}\n# and no evaluations\n",
        "programme.yaml (as of 2024-06-01):\nperiod: {start: 2024-01-01, end: 2027-12-31}\nevaluations:\n  - id: foljeforskning\n    by: Malmö universitet\n    kind: research\n    period: {start: 2024-09-01, end: 2027-12-31}\n",
    ),
    "PS808": (
        "programme.yaml:\nresources:\n  - {year: 2024, category: staff, amount: 700000}\n  - {year: 2024, category: activities, amount: 300000}\n",
        "programme.yaml:\nresources:\n  - {year: 2024, category: staff, amount: 500000}\n  - {year: 2024, category: activities, amount: 500000}\n",
    ),
    "PS809": (
        "programme.yaml:\norganisations:\n  - {id: polisen, name: Polisen}\n# and no file names polisen\n",
        "projects/x.yaml:\npartners: [polisen]\n",
    ),
}
