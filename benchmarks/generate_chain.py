"""A deep benefits map for the benchmarks (issue 14, item 13).

`python benchmarks/generate_chain.py OUT --depth 10000` writes a programme folder: the
programme.yaml of tests/cases/minimal, benefits b00000 … b09999 each contributing to the
next, the last one to the end benefit `top`, and (unless --one-gap) one gap per benefit,
so that each benefit reaches every gap below it: about depth²/2 benefit-gap pairs
(50 million for 10,000), the worst case for anything that lists each benefit's gaps.
With --one-gap only the deepest benefit has a gap. With --covered N every N-th gap is
closed by a project in execution, so the coverage figures are not all zero.

    python benchmarks/generate_chain.py /tmp/chain --depth 10000
    /usr/bin/time -v progstyr coverage /tmp/chain --as-of 2024-06-01 --no-cache -f table
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

MINIMAL = Path(__file__).resolve().parents[1] / "tests" / "cases" / "minimal"


def generate(out: Path, depth: int, *, one_gap: bool = False, covered: int = 0) -> None:
    if out.exists():
        shutil.rmtree(out)
    for part in ("benefits", "gaps", "projects"):
        (out / part).mkdir(parents=True)
    shutil.copyfile(MINIMAL / "programme.yaml", out / "programme.yaml")
    (out / "benefits" / "top.yaml").write_text("name: Top\nowner: ks\nlevel: end\n", encoding="utf-8")
    for i in range(depth):
        target = f"b{i + 1:05d}" if i + 1 < depth else "top"
        (out / "benefits" / f"b{i:05d}.yaml").write_text(
            f"name: Kedja {i}\nowner: ks\nlevel: intermediate\ncontributes_to:\n  - {target}\n",
            encoding="utf-8",
        )
        if one_gap and i:
            continue
        (out / "gaps" / f"g{i:05d}.yaml").write_text(
            f"name: Gap {i}\ncurrent_state: a\ndesired_state: b\nbenefits:\n  - b{i:05d}\n"
            "priority: low\nidentified: 2022-02-01\n",
            encoding="utf-8",
        )
        if covered and i % covered == 0:
            (out / "projects" / f"p{i:05d}.yaml").write_text(
                f"name: Projekt {i}\nowner: ks\nphase: execution\n"
                f"period:\n  start: 2023-01-01\n  end: 2025-12-31\ncloses:\n  - g{i:05d}\n",
                encoding="utf-8",
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--depth", type=int, default=10_000)
    parser.add_argument("--one-gap", action="store_true", help="only the deepest benefit has a gap")
    parser.add_argument("--covered", type=int, default=0, help="every N-th gap closed by a project")
    args = parser.parse_args()
    generate(args.out, args.depth, one_gap=args.one_gap, covered=args.covered)


if __name__ == "__main__":
    main()
