#!/usr/bin/env bash
# Installs what building the solution needs beyond the .NET SDK, once, on a fresh machine:
#   xmllint (Debian's libxml2-utils) validates customizations.xml against Microsoft's schema during the build;
#   nodejs and npm (Node.js 20 or later) bundle the TypeScript web resources during the build (esbuild) and run their tests;
#   chromium (Debian's package, /usr/bin/chromium) runs the app shell's end-to-end tests and `winback bench`'s
#   form timing (Playwright drives it; nothing ever downloads a browser).
# Sourced or run by Tools/winback and Tests/run-all.sh. Quiet when everything is already there.
set -uo pipefail

need_apt=()
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then need_apt+=(nodejs); fi
command -v npm >/dev/null 2>&1 || need_apt+=(npm)

if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "winback: installing ${need_apt[*]} (the solution's schema check and the browser tests need them)" >&2
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null 2>&1; then
      echo "winback: could not install ${need_apt[*]}; install it yourself (apt-get install ${need_apt[*]})" >&2
      exit 1
    fi
  else
    echo "winback: ${need_apt[*]} is missing; install it (e.g. sudo apt-get install ${need_apt[*]}) and run again" >&2
    exit 1
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "winback: the .NET 10 SDK is missing; install it from your distribution or Microsoft and run again" >&2
  exit 1
fi
exit 0
