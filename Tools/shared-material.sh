#!/usr/bin/env bash
# Finds the material that lives beside the repository, not in it: shared/ with Microsoft's schemas
# (reference/schemas), solutions Dataverse exported (reference/exports) and public datasets (data/).
# Sourced by Tools/winback and Tests/run-all.sh. Looks at $WINBACK_SHARED, then ../shared beside the clone
# (and ../../shared, for worktrees kept one folder deeper), and exports WINBACK_SHARED when found.
# Sets shared_missing to the pieces that are absent (empty when everything is there).
# Checks that need a missing piece are skipped and counted as skipped; under CI (CI=true) they are required.
shared_root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${WINBACK_SHARED:-}" ]; then
  for candidate in "$shared_root_dir/../shared" "$shared_root_dir/../../shared"; do
    if [ -d "$candidate" ]; then WINBACK_SHARED="$(cd "$candidate" && pwd)"; export WINBACK_SHARED; break; fi
  done
fi
shared_missing=()
for piece in reference/schemas/libxml2-relaxed reference/exports data/iranian-churn; do
  [ -n "${WINBACK_SHARED:-}" ] && [ -e "$WINBACK_SHARED/$piece" ] || shared_missing+=("$piece")
done

# shared_material_notice PIECE WHAT: when shared/PIECE is missing, says once on standard error that WHAT is
# skipped and how to enable it; under CI=true says it is required and returns 1.
shared_material_notice() {
  local piece="$1" what="$2" m
  for m in "${shared_missing[@]}"; do
    [ "$m" = "$piece" ] || continue
    local where="not in ${WINBACK_SHARED:-}"
    [ -n "${WINBACK_SHARED:-}" ] || where="no shared/ beside $shared_root_dir"
    if [ "${CI:-}" = "true" ]; then
      echo "winback: CI=true requires shared/$piece beside the repository ($where), for $what. Lay shared/ beside the clone or set WINBACK_SHARED=/path/to/shared." >&2
      return 1
    fi
    echo "winback: skipped: $what (needs shared/$piece: $where). To run it, set WINBACK_SHARED=/path/to/shared." >&2
  done
  return 0
}
