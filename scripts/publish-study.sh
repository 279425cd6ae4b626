#!/usr/bin/env bash
# Copies a study's small files into the repository (default: results/study), then rebuilds its
# comparison there from those files alone. Parameters, checkpoints and locks stay behind.
# The plan (study.json) is merged into the one already published, so a study continued in a new
# folder (a new machine keeps nothing outside the repository) adds its experiments to the old ones.
# Unfinished runs publish their config and history so far under DEST-unfinished/ID, with their
# curves and page so far, kept until the run finishes, so that a lost machine loses no record of
# what ran.
# Usage: scripts/publish-study.sh STUDY_DIR [DEST]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
study="${1:?usage: scripts/publish-study.sh STUDY_DIR [DEST]}"
dest="${2:-$root/results/study}"
unfinished="$dest-unfinished"
[ -f "$study/study.json" ] || { echo "publish-study: $study holds no study.json: not a study folder" >&2; exit 1; }
command -v jq >/dev/null || { echo "publish-study: needs jq (Debian package jq) to merge study.json" >&2; exit 1; }

# This process's temporary files, removed if it stops part-way.
tmp_suffix=".tmp.$$"
trap 'find "$dest" "$unfinished" -name "*$tmp_suffix" -delete 2>/dev/null || true' EXIT

# copy SRC DIR FILE...: each file that SRC has, into DIR, atomically; a file over 1 MB is not
# copied (the repository takes small files only) and is named in $too_big.
too_big=""
copy() {
  local src="${1%/}" dir="$2"; shift 2
  for f in "$@"; do
    [ -f "$src/$f" ] || continue
    if [ -n "$(find "$src/$f" -size +1M)" ]; then too_big="$too_big $src/$f"; continue; fi
    mkdir -p "$dir"
    cp "$src/$f" "$dir/$f$tmp_suffix" && mv "$dir/$f$tmp_suffix" "$dir/$f"
  done
}

mkdir -p "$dest"
# One publish into a folder at a time: merging the plan reads and rewrites study.json.
exec 9<"$dest"
flock 9
if [ -f "$dest/study.json" ]; then
  jq -s '.[0] * .[1]' "$dest/study.json" "$study/study.json" > "$dest/study.json$tmp_suffix"
else
  cp "$study/study.json" "$dest/study.json$tmp_suffix"
fi
mv "$dest/study.json$tmp_suffix" "$dest/study.json"

for run in "$study"/*/; do
  [ -d "$run" ] || continue
  name="$(basename "$run")"
  [ -f "$run/metrics.json" ] || { echo "publish-study: $name has not finished training; left out" >&2; continue; }
  [ -f "$run/evaluation.json" ] || echo "publish-study: $name is not evaluated on the test set yet" >&2
  copy "$run" "$dest/$name" config.json history.csv metrics.json evaluation.json training-curves.png \
       confusion-matrix.png model-summary.txt augmentation.png mistakes.png report.html
  rm -rf "${unfinished:?}/$name"
done
for run in "$study"/.partial/*/; do
  [ -f "$run/history.csv" ] || continue
  name="$(basename "$run")"
  echo "publish-study: $name is unfinished: its history so far goes to $unfinished/$name" >&2
  copy "$run" "$unfinished/$name" config.json history.csv model-summary.txt
done
[ -d "$unfinished" ] && [ -z "$(ls -A "$unfinished")" ] && rmdir "$unfinished"
# Unfinished runs have no page yet: their curves and page so far, drawn from the files just copied.
if [ -d "$unfinished" ]; then
  "$root/atelier" report "$unfinished"/*/ >/dev/null
fi

"$root/atelier" compare "$dest" --out "$dest" >/dev/null
big="$too_big $(find "$dest" "$unfinished" -type f -size +1M 2>/dev/null || true)"
[ -z "${big// /}" ] || { echo "publish-study: over 1 MB, not for the repository (left out or to remove):$big" >&2; exit 1; }
echo "$dest"
