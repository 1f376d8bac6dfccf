#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs and starts what the tests need, builds, runs every test project,
# and ends with one plain line "N passed, N failed". Exit code 0 only when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Setup scripts append the names of their teardown functions (stop a server, remove its files) to `teardown`; the EXIT
# trap runs them however the script ends, then removes the results directory.
teardown=()
results=""
on_exit() {
  local step
  for step in "${teardown[@]}"; do "$step"; done
  if [ -n "$results" ]; then rm -rf "$results"; fi
}
trap on_exit EXIT

# Services the tests need are started by scripts/setup/*.sh (each idempotent, each safe to run on a fresh machine).
for setup in scripts/setup/*.sh; do
  [ -e "$setup" ] || continue
  # shellcheck source=/dev/null
  source "$setup" || { echo "setup failed: $setup" >&2; echo "0 passed, 1 failed"; exit 1; }
done

results=$(mktemp -d)

if ! dotnet build ByokAgent.sln --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test ByokAgent.sln --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

# dotnet's own summary lines are per project and padded; CI reads this one line, summed from the TRX reports.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${e:-0}))
done
# A crashed test host can fail the run without a failed count: never report that as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
