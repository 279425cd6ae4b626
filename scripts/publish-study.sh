#!/usr/bin/env bash
# Publishes a study's small files into the repository (default: results/study) with Atelier's own
# `publish` command, which merges the plan in the study's order and rebuilds the comparison there.
# Usage: scripts/publish-study.sh STUDY_DIR [DEST]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
study="${1:?usage: scripts/publish-study.sh STUDY_DIR [DEST]}"
exec "$root/atelier" publish "$study" "${2:-$root/results/study}"
