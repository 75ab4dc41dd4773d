#!/usr/bin/env bash
# Installs the C libraries pktcluster links (libsodium, libzmq) when missing;
# with "test", also what the tests use: promtool (Debian's prometheus
# package) to check metrics and alert rules, and Chromium for the dashboard.
# Debian and Ubuntu; runs apt-get as root or through sudo.
set -euo pipefail

packages=(libsodium-dev libzmq3-dev pkg-config)
if [ "${1:-}" = "test" ]; then packages+=(prometheus chromium); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "install-deps: please install ${missing[*]} with your system's package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
