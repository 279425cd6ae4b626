#!/usr/bin/env bash
# The fast recipe's first settings (before its tuning search; the best recipe's on fastnet) and their
# last choices re-checked on a held-out validation split (48,000 training images, 12,000 held out;
# nothing looks at the test set): the table of docs/recipes.md's "Before the search". Resumable: finished runs
# are skipped, an interrupted one goes on from its last epoch. Long: 8 runs of 13-25 minutes on 2 cores.
# Usage: bench/recipe-recheck.sh OUT_DIR
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: bench/recipe-recheck.sh OUT_DIR}"
mkdir -p "$out"
atelier="$root/atelier"
held_out="--validation-fraction 0.2"
written_out="--model fastnet --epochs 18 --batch-size 128 --lr 0.003 --schedule onecycle --lr-plateau-factor 0 --shift-pixels 2 --flip --erase 0.5 --label-smoothing 0.1"
for seed in 1 2; do
  for variant in recipe epochs19 batch256 noerase; do
    dir="$out/$variant-s$seed"
    [ -f "$dir/metrics.json" ] && continue
    case $variant in
      recipe)   args="$written_out $held_out" ;;
      epochs19) args="${written_out/--epochs 18/--epochs 19} $held_out" ;;
      batch256) args="${written_out/--batch-size 128/--batch-size 256} $held_out" ;;
      noerase)  args="${written_out/--erase 0.5/--erase 0} $held_out" ;;
    esac
    # $args is a list of options: split on purpose
    # shellcheck disable=SC2086
    if [ -d "$dir" ]; then "$atelier" train --resume "$dir" > "$dir.train.log" 2>&1
    else echo "$atelier train $args --seed $seed --run-dir $dir" > "$dir.cmd"; "$atelier" train $args --seed "$seed" --run-dir "$dir" > "$dir.train.log" 2>&1; fi
    for tta in flip shift-flip; do "$atelier" evaluate "$dir" --split validation --tta "$tta" > "$dir.val-$tta.log" 2>&1; done
  done
done
