# shellcheck shell=bash
# A throwaway PostgreSQL for the tests; sourced by scripts/test.sh before the build.
#
# Installs Debian's server when no PostgreSQL binaries are present (an existing install is left as it is, never
# upgraded), starts a private cluster in a temp dir (trust auth, 127.0.0.1 only, its socket in the temp dir, fsync off
# unless BYOK_POSTGRES_DURABLE=1),
# exports BYOK_TEST_POSTGRES (an Npgsql connection string), and appends byok_postgres_stop to the caller's `teardown`
# list, which scripts/test.sh runs on exit. Sourcing it again in the same shell reuses the running cluster; a
# BYOK_TEST_POSTGRES set beforehand points the tests at that server instead and starts nothing.
#
# By hand: `source scripts/setup/postgres.sh && dotnet test tests/ByokAgent.Postgres.Tests; byok_postgres_stop`.

# The newest installed server's bin directory (Debian keeps them off PATH), or nothing.
byok_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && printf '%s\n' "$dir"
  done | sort -V | tail -n 1
}

# Runs a server command as the postgres user: initdb and postgres refuse to run as root.
byok_postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Stops the cluster this shell started and removes its files. Safe to call twice.
byok_postgres_stop() {
  local dir=${BYOK_POSTGRES_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  # Immediate: the data is thrown away, so there is nothing to flush.
  byok_postgres_as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
  unset BYOK_POSTGRES_DIR BYOK_TEST_POSTGRES
}

# Clusters whose owning shell died without its teardown (kill -9, a crashed CI step) would hold memory and a port.
# One that still has clients is left alone: someone sourced this by hand and is using it from another shell.
byok_postgres_reap_stale() {
  local dir owner port clients
  for dir in "${TMPDIR:-/tmp}"/byok-pg.*; do
    [ -f "$dir/owner" ] && [ -f "$dir/bin" ] || continue
    owner=$(cat "$dir/owner")
    kill -0 "$owner" 2>/dev/null && continue
    if [ -f "$dir/data/postmaster.pid" ]; then
      port=$(sed -n 4p "$dir/data/postmaster.pid")
      clients=$(byok_postgres_as_owner "$(cat "$dir/bin")/psql" -h "$dir" -p "$port" -U postgres -d postgres -Atc \
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid();" 2>/dev/null)
      [ "${clients:-0}" -gt 0 ] 2>/dev/null && continue
    fi
    BYOK_POSTGRES_DIR=$dir byok_postgres_stop
  done
}

byok_postgres_install() {
  [ -n "$(byok_postgres_bin)" ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgres: no PostgreSQL server in /usr/lib/postgresql/*/bin, and installing one needs root and apt-get." \
      "Install Debian's postgresql package, or set BYOK_TEST_POSTGRES to an Npgsql connection string of a server the tests may create databases on." >&2
    return 1
  fi
  local log
  log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    echo "postgres: installing Debian's postgresql failed:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  [ -n "$(byok_postgres_bin)" ] || { echo "postgres: the postgresql package installed no server binaries" >&2; return 1; }
}

byok_postgres_start() {
  local bin dir port started_ns elapsed_ms
  started_ns=$(date +%s%N)
  bin=$(byok_postgres_bin)
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "postgres: running as root, but there is no postgres user to run the server as" >&2
    return 1
  fi

  dir=$(mktemp -d "${TMPDIR:-/tmp}/byok-pg.XXXXXX") || return 1
  printf '%s\n' "$$" >"$dir/owner"
  printf '%s\n' "$bin" >"$dir/bin"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  BYOK_POSTGRES_DIR=$dir

  if ! byok_postgres_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1; then
    echo "postgres: initdb failed:" >&2
    tail -n 20 "$dir/initdb.log" >&2
    byok_postgres_stop
    return 1
  fi

  # Tests throw the data away, so commits skip the disk; BYOK_POSTGRES_DURABLE=1 (the benchmarks) keeps PostgreSQL's
  # defaults, so measured commits cost what they cost in production.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${BYOK_POSTGRES_DURABLE:-0}" = 1 ] && durability=""

  # From 55432 upward, skipping ports something answers on; a port taken between the check and the bind (another run
  # starting at the same moment) shows as "could not bind" in the log, and the next port is tried.
  for port in $(seq 55432 55531); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    rm -f "$dir/server.log"
    if byok_postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200" \
        start >/dev/null 2>&1; then
      export BYOK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      export BYOK_POSTGRES_DIR
      elapsed_ms=$((($(date +%s%N) - started_ns) / 1000000))
      printf 'postgres: throwaway server %s on 127.0.0.1:%s (%d.%01d s)\n' \
        "$(basename "$(dirname "$bin")")" "$port" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) >&2
      return 0
    fi
    grep -q 'could not bind' "$dir/server.log" 2>/dev/null || break
  done

  echo "postgres: the server did not start:" >&2
  tail -n 20 "$dir/server.log" >&2 2>/dev/null
  byok_postgres_stop
  return 1
}

byok_postgres_setup() {
  if [ -n "${BYOK_TEST_POSTGRES:-}" ]; then
    return 0
  fi
  byok_postgres_reap_stale
  byok_postgres_install || return 1
  byok_postgres_start || return 1
  # scripts/test.sh runs every function in `teardown` on exit; a shell that sources this by hand calls it itself.
  teardown+=(byok_postgres_stop)
}

byok_postgres_setup
