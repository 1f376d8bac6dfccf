# shellcheck shell=bash
# Debian's Chromium for the browser plugin's tests and benchmarks; sourced by scripts/test.sh before the build.
#
# Playwright cannot download its own browsers here (no internet, no pwsh), so the plugin drives Debian's `chromium`.
# Installs it when /usr/bin/chromium is missing (an existing install is left as it is, never upgraded) and exports
# BYOK_TEST_CHROMIUM, the executable the tests launch. A BYOK_TEST_CHROMIUM set beforehand to an existing executable
# points the tests at that browser instead and installs nothing.
#
# By hand: `source scripts/setup/chromium.sh && dotnet test tests/ByokAgent.Plugins.Browser.Tests`.

byok_chromium_install() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: /usr/bin/chromium is missing, and installing it needs root and apt-get." \
      "Install Debian's chromium package, or set BYOK_TEST_CHROMIUM to a Chromium executable." >&2
    return 1
  fi
  local log started_ns elapsed_ms
  started_ns=$(date +%s%N)
  log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    echo "chromium: installing Debian's chromium failed:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  [ -x /usr/bin/chromium ] || { echo "chromium: the chromium package installed no /usr/bin/chromium" >&2; return 1; }
  elapsed_ms=$((($(date +%s%N) - started_ns) / 1000000))
  printf 'chromium: installed Debian chromium (%d.%01d s)\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) >&2
}

byok_chromium_setup() {
  if [ -n "${BYOK_TEST_CHROMIUM:-}" ]; then
    [ -x "$BYOK_TEST_CHROMIUM" ] && return 0
    echo "chromium: BYOK_TEST_CHROMIUM=$BYOK_TEST_CHROMIUM is not an executable file" >&2
    return 1
  fi
  byok_chromium_install || return 1
  export BYOK_TEST_CHROMIUM=/usr/bin/chromium
}

byok_chromium_setup
