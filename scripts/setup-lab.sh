#!/usr/bin/env bash
# Makes sure this machine has the Debian packages that the integration lab (Samba AD DCs, squid,
# dnsmasq, Chromium), the benchmark (`npm run bench`) and the demo recording (`npm run record-demo`)
# need. Run by `npm test`, `npm run bench` and `npm run record-demo` before anything else.
#
#   - all present: prints nothing, exits 0
#   - some missing, running as root with apt-get: installs them (says which on stderr), exits 0
#   - some missing otherwise: one line naming them and the command that installs them, exits 1
#
# The list was found by proving it on a new Debian 12 machine (packages purged, suite run until green),
# not by reading: samba alone (without recommends) lacks the AD schema files (samba-ad-provision) and
# the acl_xattr VFS module the DC loads (samba-vfs-modules).
set -euo pipefail

packages=(
  samba samba-ad-provision samba-dsdb-modules samba-vfs-modules # the AD DCs (provision, join, run)
  ldap-utils                                                    # ldapsearch in the bench baseline
  squid-openssl dnsmasq-base                                            # proxies and DNS of the network lab
  chromium                                                              # the HTML report test
  iproute2 openssl curl                                                 # loopback addresses, lab CAs, bench baseline
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: the test lab needs Debian packages (${packages[*]}) and this machine has no dpkg; run the suite on Debian 12, or only the unit tests with: npm ci && npm run test:unit" >&2
  exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing Debian packages: ${missing[*]}; install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing Debian packages: ${missing[*]}" >&2
# Packages must not start their own services (an open squid on :3128, smbd on :445): the tests start
# exactly what they need on loopback. A policy-rc.d that exits 101 tells invoke-rc.d to start nothing.
made_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT
log=$(mktemp)
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "setup: apt-get could not install: ${missing[*]} (output above)" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
still=()
for pkg in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || still+=("$pkg")
done
if [ "${#still[@]}" -gt 0 ]; then
  echo "setup: still not installed after apt-get: ${still[*]}" >&2
  exit 1
fi
echo "setup: installed ${#missing[@]} Debian packages" >&2
