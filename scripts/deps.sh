#!/bin/sh
# Installs every Debian package ebb's build, tests and benchmarks need.
# Idempotent: when everything is present it prints nothing and exits 0.
# Needs root (or sudo) only when something is missing.
set -eu

PKGS="build-essential cmake pkg-config clang-format
libsqlite3-dev libsodium-dev libjansson-dev libkeyutils-dev
libcmocka-dev bats scdoc sqlite3 keyutils tzdata util-linux
hyperfine time python3
clang libclang-rt-14-dev
libmicrohttpd-dev wrk curl
chromium"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# node and npm (browser tests): Debian's nodejs and npm, unless a node with its own
# npm is there already (nodesource's nodejs bundles npm and conflicts with Debian's).
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing" >&2
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			SUDO=sudo
		else
			echo "deps.sh: missing packages:$missing (run as root or install them)" >&2
			exit 1
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages for the browser tests only (tests/web): installed again when
# node_modules is missing or older than the lock file.
web="$(dirname "$0")/../tests/web"
if [ -f "$web/package-lock.json" ] &&
	{ [ ! -d "$web/node_modules" ] ||
		[ -n "$(find "$web/package-lock.json" -newer "$web/node_modules")" ]; }; then
	echo "deps.sh: installing the browser tests' npm packages" >&2
	(cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	touch "$web/node_modules"
fi
