#!/usr/bin/env bash
# Runs every test suite of the repository: the .NET test projects, then the web resources' tests.
# Prints each suite's result, then one closing line: "N passed, N failed, N skipped".
# Checks that need the material beside the repository (shared/: Microsoft's schemas, Dataverse's own exports)
# are skipped where it is missing, said so once, and counted as skipped; under CI=true it is required.
# Set WINBACK_SHARED=/path/to/shared to point at it.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results="$root/Tests/.results"
rm -rf "$results"; mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0; failed=0; skipped=0

bash "$root/Tools/prerequisites.sh" || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# shellcheck source=../Tools/shared-material.sh
. "$root/Tools/shared-material.sh"
echo "== material beside the repository: ${WINBACK_SHARED:-none found}"
shared_material_notice reference/schemas/libxml2-relaxed "checking customizations.xml and the account FormXml against Microsoft's schemas" \
  && shared_material_notice reference/exports "the tests that read and load solutions Dataverse itself exported" \
  && shared_material_notice data/iranian-churn "the check that the default and calibrated policies hold up on the UCI Iranian churn data" \
  || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
for m in "${shared_missing[@]}"; do
  # The build's own schema check is one check; it is skipped (with a warning) when the schemas are missing.
  [ "$m" = reference/schemas/libxml2-relaxed ] && skipped=$((skipped + 1))
done

echo "== build (Release)"
if ! dotnet build WinBack.Crm.sln -c Release -nologo -clp:ErrorsOnly >"$results/build.log" 2>&1; then
  cat "$results/build.log"
  echo "build failed"
  echo "0 passed, 1 failed, $skipped skipped"
  exit 1
fi

for proj in $(find Tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | sort); do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$results/$name.log" 2>&1
  code=$?
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    p=${p:-0}; f=${f:-0}
    # xunit's skipped tests are written as results with outcome NotExecuted (not executed, never passed).
    s=$(grep -c '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx")
  else
    p=0; f=0; s=0
  fi
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "   $p passed, $f failed, $s skipped"
  if [ "$s" -ne 0 ]; then
    needs=$(grep -o 'needs shared/[a-z]*/[a-z]*' "$trx" | sort -u | sed 's/^needs //' | paste -sd' ' -)
    echo "   skipped: they need ${needs:-material beside the repository}; set WINBACK_SHARED=/path/to/shared to run them"
  fi
  if [ "$f" -ne 0 ]; then grep -E 'Failed |Error Message|Assert|Exception' "$results/$name.log" | head -40; fi
done

echo "== CoreAssemblies switch (builds the plug-ins against a package named as Microsoft's)"
bash Tools/check-coreassemblies.sh >"$results/coreassemblies.log" 2>&1
code=$?
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$results/coreassemblies.log" | tail -1)
p=$(awk '{print $1}' <<<"$line"); f=$(awk '{print $3}' <<<"$line"); p=${p:-0}; f=${f:-0}
if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
passed=$((passed + p)); failed=$((failed + f))
echo "   $p passed, $f failed, 0 skipped"
[ "$f" -ne 0 ] && tail -40 "$results/coreassemblies.log"

if [ -f WebResources/package.json ]; then
  echo "== WebResources"
  if [ ! -d WebResources/node_modules ]; then
    (cd WebResources && npm ci --no-audit --no-fund >"$results/npm-install.log" 2>&1) || { cat "$results/npm-install.log"; }
  fi
  (cd WebResources && npm test >"$results/webresources.log" 2>&1)
  code=$?
  p=$(grep -E '^# pass ' "$results/webresources.log" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail ' "$results/webresources.log" | awk '{s+=$3} END {print s+0}')
  s=$(grep -E '^# skipped ' "$results/webresources.log" | awk '{s+=$3} END {print s+0}')
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "   $p passed, $f failed, $s skipped"
  [ "$s" -ne 0 ] && grep -E '# SKIP' "$results/webresources.log" | sed 's/^ */   skipped: /' | sort -u
  [ "$f" -ne 0 ] && tail -60 "$results/webresources.log"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
