#!/usr/bin/env bash
# The Debian packages the project needs beyond Python, installed when they are missing.
#
#   scripts/system-packages.sh book          what `make book` needs: WeasyPrint's Pango and the book's fonts
#   scripts/system-packages.sh test          what `make test` needs: the above, Chromium for the browser tests,
#                                            and Java and npm for the Nu Html Checker (tests/test_accessibility.py)
#   scripts/system-packages.sh --check WHAT  only say what is missing (exit 1 if anything is)
#
# It installs as root, or under CI (CI=true, as on GitHub's runners) through `sudo -n`;
# anywhere else it stops and prints the exact command to run. `make book`, `make test`,
# `.ci/run` and the GitHub workflows all call it, so the list lives here only.
# No test needs poppler-utils, so it is not installed.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"   # ldconfig, for users whose PATH lacks the sbin folders

usage() {
  echo "usage: $0 [--check] book|test" >&2
  exit 2
}

check_only=false
if [ "${1:-}" = "--check" ]; then
  check_only=true
  shift
fi
[ $# -eq 1 ] || usage
case $1 in book | test) ;; *) usage ;; esac
what=$1

# The linker's cache, read once per pass (a `ldconfig -p | grep -q` pipe can fail under
# pipefail when grep stops reading early).
libraries=""
has_library() { grep -qF "$1 " <<<"$libraries"; }
has_command() { command -v "$1" >/dev/null 2>&1; }

# Each need: the Debian package, then a probe for what the project uses from it.
missing=()
need() {
  local package=$1
  shift
  "$@" || missing+=("$package")
}
find_missing() {
  missing=()
  libraries=$(ldconfig -p 2>/dev/null || true)
  need libpango-1.0-0 has_library libpango-1.0.so.0            # WeasyPrint loads these
  need libpangoft2-1.0-0 has_library libpangoft2-1.0.so.0
  need fonts-dejavu-core test -e /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf   # templates/print/print.css
  if [ "$what" = test ]; then
    need chromium test -x /usr/bin/chromium                      # tests/test_browser.py launches it
    need default-jre-headless has_command java                   # runs vnu.jar, the Nu Html Checker
    need npm has_command npm                                     # `make test` installs vnu.jar with npm ci
  fi
}

find_missing
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
stop() {
  echo "error: missing system packages for \`make $what\`: ${missing[*]}" >&2
  echo "$1" >&2
  exit 1
}
$check_only && stop "install them with: sudo apt-get update && sudo $install"
command -v apt-get >/dev/null 2>&1 ||
  stop "this is not a Debian-like system: install the equivalents of these Debian packages, then run make again"

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif [ "${CI:-}" = true ] && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  stop "run: sudo apt-get update && sudo $install"
fi

echo "installing system packages: ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null

find_missing
[ ${#missing[@]} -eq 0 ] || stop "apt-get installed them, but they are still not where the project looks for them"
