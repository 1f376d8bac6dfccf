#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs the whole set: the runtime-overhead latency loop, byok start-up, the
# /v1/agent load test (SQLite, then PostgreSQL), server memory, the BenchmarkDotNet runtime suites and the browser suites.
# Under 10 minutes on 2 cores. Results:
#   bench/results/<utc-stamp>/latency.md, startup.md, load.md, load-postgres.md, memory.md   (tables printed by the probes)
#   bench/results/<utc-stamp>/BenchmarkDotNet.Artifacts/results/*.md|csv|html  (BenchmarkDotNet reports)
# Usage: bench/run.sh [--no-browser] [--filter 'BenchmarkDotNet glob']
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
art="${BENCH_ARTIFACTS:-/tmp/art-bench}"
browser=1
filter='*'
while [ $# -gt 0 ]; do
  case "$1" in
    --no-browser) browser=0 ;;
    --filter) filter="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
echo "results go to: $out" >&2

echo "== build (Release) ==" >&2
dotnet build "$root/bench/ByokAgent.Benchmarks" -c Release --artifacts-path "$art" -clp:ErrorsOnly -nologo -v quiet
dotnet build "$root/src/ByokAgent.Cli" -c Release --artifacts-path "$art" -clp:ErrorsOnly -nologo -v quiet
dotnet build "$root/src/ByokAgent.Server" -c Release --artifacts-path "$art" -clp:ErrorsOnly -nologo -v quiet
bench="$art/bin/ByokAgent.Benchmarks/release/ByokAgent.Benchmarks.dll"
byok="$(ls "$art"/bin/ByokAgent.Cli/release/byok.dll)"
server="$(ls "$art"/bin/ByokAgent.Server/release/ByokAgent.Server.dll)"

echo "== (a)(b)(d) latency loop: p50/p99 added vs bare HttpClient ==" >&2
dotnet "$bench" latency 1000 | tee "$out/latency.md"

echo "== (g) byok start-up ==" >&2
dotnet "$bench" startup "$byok" 20 | tee "$out/startup.md"

echo "== (c) POST /v1/agent load (SQLite in \$TMPDIR, default /tmp) ==" >&2
dotnet "$bench" load "$server" 10 | tee "$out/load.md"

echo "== (c) POST /v1/agent load (PostgreSQL, a throwaway local server with its default durability) ==" >&2
teardown=()
trap 'for step in "${teardown[@]}"; do "$step"; done' EXIT
# shellcheck disable=SC1091
export BYOK_POSTGRES_DURABLE=1
if source "$root/scripts/setup/postgres.sh"; then
  dotnet "$bench" load "$server" 10 --postgres "$BYOK_TEST_POSTGRES" | tee "$out/load-postgres.md"
else
  echo "PostgreSQL could not be started: the PostgreSQL load step is skipped" >&2
fi

echo "== (f) server memory: 10,000 stored sessions, 1,000 concurrent streams ==" >&2
dotnet "$bench" memory "$server" 1000 10000 | tee "$out/memory.md"

if [ "$browser" = 1 ]; then
  # shellcheck disable=SC1091
  source "$root/scripts/setup/chromium.sh" || echo "chromium setup failed: browser suites will fail" >&2
else
  filter="${filter/#\*/ByokAgent.Benchmarks.Runtime.*}"
fi

echo "== BenchmarkDotNet suites ($filter) ==" >&2
(cd "$out" && dotnet "$bench" --filter "$filter" --artifacts "$out/BenchmarkDotNet.Artifacts")
echo "results in: $out" >&2
