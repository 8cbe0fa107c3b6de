"""The parsing floor: read every YAML file below PATH and load it with ruamel.yaml's
C-accelerated safe loader, in one process, nothing else.

    python benchmarks/floor.py TREE
"""

from __future__ import annotations

import os
import sys

from ruamel.yaml import YAML


def main() -> None:
    loader = YAML(typ="safe", pure=False)
    assert loader.Parser.__name__ == "CParser", "ruamel.yaml.clib is missing: this would not be the floor"
    count = 0
    for folder, _dirs, files in os.walk(sys.argv[1]):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    loader.load(handle.read().decode("utf-8"))
                count += 1
    print(count)


if __name__ == "__main__":
    main()
