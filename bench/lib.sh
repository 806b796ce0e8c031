# bench/lib.sh — what the benches share. Sourced (with `set -eu` on) by
# bench/run.sh, bench/waves.sh and bench/web.sh after they set `root` (the
# source tree). Prints only to stderr.

# note TEXT...: a progress line on stderr.
note() { printf '%s\n' "$*" >&2; }

# human N: 100000 -> 100k, 1500 -> 1500.
human() {
	awk -v n="$1" 'BEGIN { if (n % 1000 == 0) print n / 1000 "k"; else print n }'
}

# bench_build DIR TOOL: the build tree DIR's ebb and bench/TOOL, building
# TOOL when a tree configured before it existed lacks it. Sets build (made
# absolute), ebb and tool; exits 2 when either is missing.
bench_build() {
	build=$1
	if [ ! -x "$build/bench/$2" ] && [ -f "$build/CMakeCache.txt" ]; then
		note "bench: building $2"
		cmake "$build" >/dev/null && cmake --build "$build" --target "$2" >/dev/null
	fi
	if [ ! -x "$build/ebb" ] || [ ! -x "$build/bench/$2" ]; then
		note "bench: build first (make build): no $build/ebb or $build/bench/$2"
		exit 2
	fi
	build=$(cd "$build" && pwd)
	ebb=$build/ebb
	tool=$build/bench/$2
}

# bench_seeded SEEDER SIZE: the path, in $seeded, of a vault of SIZE records
# seeded by SEEDER (bench-seed, moderate KDF), cached in $cache
# (BENCH_CACHE, /tmp/ebb-bench-cache) and seeded first when missing (about
# a minute for 100k); $cache/KEY/seed-SIZE.s holds the seconds it took. A
# vault of one format is valid input for any later ebb (that is the
# format's promise), so the cache follows the seeder and the schema, not
# all of the core: KEY hashes bench/seed.c and src/core/store.[ch], and
# vaults of other keys (older seeders) are removed. BENCH_FRESH=1 seeds
# again (once per run).
bench_seeded() {
	cache=${BENCH_CACHE:-/tmp/ebb-bench-cache}
	key=$(cat "$root/bench/seed.c" "$root/src/core/store.c" "$root/src/core/store.h" |
		sha256sum | cut -c1-16)
	if [ -z "${bench_cache_ready:-}" ]; then # once per run
		mkdir -p "$cache"
		chmod 700 "$cache"
		for d in "$cache"/*; do
			[ -d "$d" ] && [ "$d" != "$cache/$key" ] && rm -rf "$d"
		done
		[ "${BENCH_FRESH:-0}" = 1 ] && rm -rf "${cache:?}/$key"
		mkdir -p "$cache/$key"
		bench_cache_ready=1
	fi
	seeded=$cache/$key/vault-$2.ebb
	if [ ! -f "$seeded" ]; then
		note "bench: seeding $2 records (moderate KDF)..."
		rm -f "$seeded.new"*
		s_t0=$(date +%s%N)
		"$1" --kdf moderate "$seeded.new" "$2"
		s_t1=$(date +%s%N)
		mv "$seeded.new" "$seeded"
		awk -v ns=$((s_t1 - s_t0)) 'BEGIN { printf "%.1f\n", ns / 1e9 }' >"$cache/$key/seed-$2.s"
	fi
}
