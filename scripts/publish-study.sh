#!/usr/bin/env bash
# Copies a study's small files into the repository (default: results/study), then rebuilds its
# comparison there from those files alone. Parameters, checkpoints and locks stay behind.
# Usage: scripts/publish-study.sh STUDY_DIR [DEST]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
study="${1:?usage: scripts/publish-study.sh STUDY_DIR [DEST]}"
dest="${2:-$root/results/study}"
[ -f "$study/study.json" ] || { echo "publish-study: $study holds no study.json: not a study folder" >&2; exit 1; }

files=(config.json history.csv metrics.json evaluation.json training-curves.png confusion-matrix.png
       model-summary.txt augmentation.png mistakes.png report.html)
mkdir -p "$dest"
cp "$study/study.json" "$dest/"
for run in "$study"/*/; do
  name="$(basename "$run")"
  [ -f "$run/metrics.json" ] || { echo "publish-study: $name has not finished training; left out" >&2; continue; }
  [ -f "$run/evaluation.json" ] || echo "publish-study: $name is not evaluated on the test set yet" >&2
  mkdir -p "$dest/$name"
  for f in "${files[@]}"; do
    if [ -f "$run/$f" ]; then cp "$run/$f" "$dest/$name/$f.tmp" && mv "$dest/$name/$f.tmp" "$dest/$name/$f"; fi
  done
done
"$root/atelier" compare "$dest" --out "$dest" >/dev/null
big="$(find "$dest" -type f -size +1M)"
[ -z "$big" ] || { echo "publish-study: over 1 MB, not for the repository: $big" >&2; exit 1; }
echo "$dest"
