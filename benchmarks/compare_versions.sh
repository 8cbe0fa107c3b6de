#!/bin/bash
# Warm `validate` and `report` on 10,000 files: an older commit against the work tree,
# alternating runs in one sitting, so that a slower machine is not read as a regression.
#   git worktree add /tmp/old <commit>
#   python benchmarks/generate.py /tmp/t10k --files 10000
#   bash benchmarks/compare_versions.sh
set -eu
cd /tmp
for v in old new; do
  if [ $v = old ]; then SRC=/tmp/old/src; else SRC=/work/main/src; fi
  PYTHONPATH=$SRC PROGSTYR_CACHE_DIR=/tmp/abcache-$v /work/main/.venv/bin/python -m progstyr validate /tmp/t10k --as-of 2026-11-23 >/dev/null 2>&1
  PYTHONPATH=$SRC PROGSTYR_CACHE_DIR=/tmp/abcache-$v /work/main/.venv/bin/python -m progstyr report /tmp/t10k --as-of 2026-11-23 >/dev/null 2>&1
done
for i in 1 2 3 4 5; do
  for v in old new; do
    if [ $v = old ]; then SRC=/tmp/old/src; else SRC=/work/main/src; fi
    s=$(date +%s.%N); PYTHONPATH=$SRC PROGSTYR_CACHE_DIR=/tmp/abcache-$v /work/main/.venv/bin/python -m progstyr validate /tmp/t10k --as-of 2026-11-23 >/dev/null 2>&1; e=$(date +%s.%N)
    s2=$(date +%s.%N); PYTHONPATH=$SRC PROGSTYR_CACHE_DIR=/tmp/abcache-$v /work/main/.venv/bin/python -m progstyr report /tmp/t10k --as-of 2026-11-23 >/dev/null 2>&1; e2=$(date +%s.%N)
    echo "$v validate $(echo "$e - $s" | bc) report $(echo "$e2 - $s2" | bc)"
  done
done
