#!/bin/sh
# bench/web.sh — how fast `ebb serve` answers the page on a vault of 100k
# records: requests per second and latency of the home screen's data and of
# a check-in, and how soon headless chromium paints the home page.
#
# usage: sh bench/web.sh [BUILD_DIR]
#
# The vault is bench/run.sh's seeded 100k vault (85% check-ins, 10% entries,
# 5% urges over three years, Argon2id moderate), cached in $BENCH_CACHE
# (/tmp/ebb-bench-cache) under the same key as run.sh; seeded here when it is
# missing (about a minute). A copy is served by `ebb serve --port 0`, the
# printed token is traded for a session cookie and the vault unlocked through
# POST /api/unlock, as the page does. Then:
#   GET /api/today      wrk -t1 -cC -dD --latency, for each C in
#                       BENCH_WEB_CONNS, with the session cookie; the same
#   GET /api/home       for the home screen's HTML (what the page shows
#   GET /               again after a write) and for the page itself
#                       with the home screen drawn in it
#   POST /api/records   the same with bench/web_post.lua: one check-in per
#                       request, with the cookie, X-Ebb-CSRF, Origin and
#                       Sec-Fetch-Site a browser sends (runs last: it adds
#                       records to the copy)
#   first render        Debian's chromium, headless, driven by playwright-core
#                       from tests/web/node_modules: a fresh browser context
#                       per run with the session cookie, `/` loaded
#                       BENCH_WEB_RENDERS times; first contentful paint, when
#                       the home screen's numbers were painted (element
#                       timing of the element ebb serve marks "ebb-home") and
#                       when app.js had taken the screen over ("ebb-ready"),
#                       all from navigation start, medians. Skipped, and said
#                       so, without playwright-core or chromium.
# It prints a report and rewrites the part of docs/PERFORMANCE.md between
# "<!-- web:begin -->" and "<!-- web:end -->" (appended when missing).
# Everything lives in a temporary directory removed at the end, after the
# server is stopped and `ebb lock` has dropped any kept key.
#
# Knobs: BENCH_WEB_SIZE (100000), BENCH_WEB_CONNS ("1 6": 6 is as many
# connections as a browser opens to one host), BENCH_WEB_DURATION (10s),
# BENCH_WEB_RENDERS (20), BENCH_CACHE, BENCH_DOC (the file to update; empty
# for none). wrk comes from Debian's `wrk` package.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bench_build "${1:-build}" bench-seed
seeder=$tool
size=${BENCH_WEB_SIZE:-100000}
conns=${BENCH_WEB_CONNS:-1 6}
duration=${BENCH_WEB_DURATION:-10s}
renders=${BENCH_WEB_RENDERS:-20}
for k in "$size" "$renders" $conns; do
	case $k in
	'' | *[!0-9]* | 0)
		echo "bench: '$k' is not a positive whole number (BENCH_WEB_*)" >&2
		exit 2
		;;
	esac
done
case $duration in
[1-9]*[smh] | [1-9]*) ;;
*)
	echo "bench: BENCH_WEB_DURATION '$duration' is not a wrk duration (10s, 1m)" >&2
	exit 2
	;;
esac
doc=${BENCH_DOC-$root/docs/PERFORMANCE.md}
for t in wrk python3; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "bench: $t is needed (Debian package $t)" >&2
		exit 2
	}
done
"$ebb" serve --help >/dev/null 2>&1 || {
	echo "bench: this ebb has no 'serve' command" >&2
	exit 2
}
chromium=${BENCH_CHROMIUM:-/usr/bin/chromium}
playwright=$root/tests/web/node_modules/playwright-core/index.mjs

work=$(mktemp -d "${TMPDIR:-/tmp}/ebb-web-bench.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	[ -f "$work/vault.ebb" ] && "$ebb" --vault "$work/vault.ebb" lock >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" TZ=UTC LC_ALL=C
export XDG_RUNTIME_DIR="$work/run"
unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE NO_COLOR
pass='bench passphrase, not a secret'
export EBB_BENCH_PASSPHRASE="$pass"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# ---- the seeded vault, shared with bench/run.sh's cache (bench/lib.sh) --------
bench_seeded "$seeder" "$size"
cp "$seeded" "$work/vault.ebb"
vault=$work/vault.ebb

# ---- the server, a session, the key ------------------------------------------
load_before=$(cut -d' ' -f1 /proc/loadavg)
"$ebb" --vault "$vault" serve --port 0 --idle 1h </dev/null >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
i=0
url=
while [ $i -lt 300 ]; do
	url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/\?t=[0-9a-f]+' "$work/serve.out" || true)
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	note "bench: ebb serve printed no address:"
	cat "$work/serve.err" >&2
	exit 1
fi
base=${url%%/\?t=*}
port=${base##*:}

# login: prints the cookie and the CSRF token, after unlocking
python3 - "$url" "$pass" >"$work/session" <<'PY'
import http.client, json, re, sys, urllib.parse
url, passphrase = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(url)
def req(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r, data
r, _ = req("GET", u.path + "?" + u.query)
if r.status != 303:
    sys.exit("bench: the token gave %d, not 303" % r.status)
cookie = re.match(r"ebb_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
h = {"Cookie": "ebb_session=" + cookie}
r, data = req("GET", "/api/session", headers=h)
csrf = json.loads(data)["csrf"]
h.update({"X-Ebb-CSRF": csrf, "Content-Type": "application/json",
          "Origin": "%s://%s" % (u.scheme, u.netloc), "Sec-Fetch-Site": "same-origin"})
r, data = req("POST", "/api/unlock", json.dumps({"passphrase": passphrase}), h)
if r.status != 200:
    sys.exit("bench: unlock gave %d: %s" % (r.status, data.decode()))
r, data = req("GET", "/api/today", headers=h)
if r.status != 200:
    sys.exit("bench: /api/today gave %d: %s" % (r.status, data.decode()))
print(cookie, csrf)
PY
read -r cookie csrf <"$work/session"

# ---- wrk ------------------------------------------------------------------------
results=$work/results # lines: what conns req_s p50_ms p99_ms requests errors cpu_us
hz=$(getconf CLK_TCK)
# ticks: the server's CPU time so far (user + system), in clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
# wrk_run WHAT CONNS ARGS...: one wrk run, its numbers into $results
wrk_run() {
	w_what=$1
	w_c=$2
	shift 2
	w_t0=$(ticks)
	wrk -t1 -c"$w_c" -d"$duration" --latency -H "Cookie: ebb_session=$cookie" "$@" \
		>"$work/wrk.out" 2>&1 || {
		cat "$work/wrk.out" >&2
		exit 1
	}
	w_t1=$(ticks)
	awk -v what="$w_what" -v c="$w_c" -v ticks=$((w_t1 - w_t0)) -v hz="$hz" '
		function ms(s) {
			if (s ~ /us$/) return substr(s, 1, length(s) - 2) / 1000
			if (s ~ /ms$/) return substr(s, 1, length(s) - 2) + 0
			if (s ~ /m$/) return substr(s, 1, length(s) - 1) * 60000
			if (s ~ /s$/) return substr(s, 1, length(s) - 1) * 1000
			return s + 0
		}
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/requests in/ { n = $1 }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { bad += $NF }
		/Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
		END { printf "%s %s %s %s %s %s %d %.1f\n", what, c, rps, p50, p99, n, bad,
			(n > 0 ? ticks * 1e6 / hz / n : 0) }' \
		"$work/wrk.out" >>"$results"
	tail -n 1 "$results" | awk '{ printf "  %-6s -c%-3s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  server CPU %7.1f us/request  (%d errors)\n",
		$1, $2, $3, $4, $5, $8, $7 }' >&2
}

: >"$results"
note "bench: GET /api/today, GET /api/home and GET / on $(human "$size") records, $duration per run"
for c in $conns; do
	wrk_run today "$c" "$base/api/today"
	wrk_run home "$c" "$base/api/home"
	wrk_run page "$c" "$base/"
done

# ---- first render in chromium ----------------------------------------------------
render=
render_note=
if [ ! -x "$chromium" ]; then
	render_note="skipped: no chromium at $chromium"
elif [ ! -f "$playwright" ] || ! command -v node >/dev/null 2>&1; then
	render_note="skipped: no node or no playwright-core in tests/web/node_modules (scripts/deps.sh installs it)"
else
	note "bench: first render of / in headless chromium, $renders runs"
	cat >"$work/render.mjs" <<'JS'
import { chromium } from "PLAYWRIGHT";
const [base, cookie, runs, exe] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: exe,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const host = new URL(base).hostname;
const out = [];
for (let i = 0; i < Number(runs) + 1; i++) { // the first run warms the browser, not counted
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: "ebb_session", value: cookie, domain: host, path: "/",
                              httpOnly: true, sameSite: "Strict" }]);
  const page = await context.newPage();
  const resp = await page.goto(base + "/", { waitUntil: "load" });
  if (!resp || resp.status() !== 200) throw new Error("GET / gave " + (resp && resp.status()));
  // the home screen's numbers: the element ebb serve marks elementtiming="ebb-home"
  // (the days since leaving), and when it was painted; "ebb-ready": app.js has
  // taken the screen over (its buttons work)
  await page.waitForFunction(() => performance.getEntriesByName("ebb-ready").length > 0, null,
                             { timeout: 15000 }).catch(() => {});
  const t = await page.evaluate(() => new Promise((resolve) => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const nav = performance.getEntriesByType("navigation")[0];
    const ready = performance.getEntriesByName("ebb-ready")[0];
    const done = (home) => resolve({ fcp: fcp ? fcp.startTime : null, data: nav ? nav.responseEnd : null,
                                     frame: home, ready: ready ? ready.startTime : null });
    new PerformanceObserver((list) => {
      const e = list.getEntries().find((x) => x.identifier === "ebb-home");
      if (e) done(e.renderTime || e.loadTime);
    }).observe({ type: "element", buffered: true });
    setTimeout(() => done(null), 2000);
  }));
  if (i > 0) out.push(t);
  await context.close();
}
await browser.close();
const med = (xs) => {
  xs = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (!xs.length) return "NA";
  const m = xs.length >> 1;
  return (xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2).toFixed(1);
};
const max = (xs) => { xs = xs.filter((x) => x !== null); return xs.length ? Math.max(...xs).toFixed(1) : "NA"; };
console.log(med(out.map((t) => t.fcp)), max(out.map((t) => t.fcp)),
            med(out.map((t) => t.frame)), max(out.map((t) => t.frame)),
            med(out.map((t) => t.data)), med(out.map((t) => t.ready)), max(out.map((t) => t.ready)));
JS
	sed -i "s|PLAYWRIGHT|$playwright|" "$work/render.mjs"
	if node "$work/render.mjs" "$base" "$cookie" "$renders" "$chromium" >"$work/render.out" 2>"$work/render.err"; then
		render=$(tail -n 1 "$work/render.out")
	else
		render_note="failed: $(tail -n 3 "$work/render.err" | tr '\n' ' ')"
	fi
	[ -z "$render" ] || note "  $(echo "$render" | awk '{ printf "first contentful paint %s ms (max %s), home with data %s ms (max %s)", $1, $2, $3, $4 }')"
fi

note "bench: POST /api/records (a check-in), $duration per run"
for c in $conns; do
	wrk_run post "$c" -s "$root/bench/web_post.lua" -H "X-Ebb-CSRF: $csrf" \
		-H "Origin: $base" -H "Sec-Fetch-Site: same-origin" "$base/api/records"
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

kill "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" = 0 ] || note "bench: ebb serve exited $rc after SIGTERM"

# ---- the report ------------------------------------------------------------------
get() { # get WHAT CONNS FIELD (3 req/s, 4 p50, 5 p99, 6 requests, 7 errors, 8 CPU us)
	awk -v w="$1" -v c="$2" -v f="$3" '$1 == w && $2 == c { print $f }' "$results"
}
verdict() { # verdict OK TEXT
	if [ "$1" = 1 ]; then
		printf -- '- **met**: %s\n' "$2"
	else
		printf -- '- **NOT met**: %s\n' "$2"
	fi
}
label() { # label WHAT: the request, as the report names it
	case $1 in
	today) echo '`GET /api/today` (the home data, JSON)' ;;
	home) echo '`GET /api/home` (the home screen, HTML)' ;;
	page) echo '`GET /` (the page with the home screen in it)' ;;
	post) echo '`POST /api/records` (check-in)' ;;
	esac
}
cmp() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
	if (a == "NA" || a == "") { print 0; exit }
	print ((op == "ge") ? (a >= b) : (a < b)) ? 1 : 0 }'; }
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
	echo "Measured $(date -u +%Y-%m-%d) by \`sh bench/web.sh\` on ebb $("$ebb" --version | awk '{ print $2 }')," \
		"$(wrk --version 2>&1 | head -n 1 | awk '{ print "wrk " $2 }'), $(uname -sr)."
	echo
	echo "- machine: $(nproc) cores, $cpu, $mem RAM; wrk and the server share them"
	echo "- load average (1 min) when the runs began and ended: $load_before, $load_after"
	echo "- vault: bench-seed's $(human "$size") records (as for \`make bench\`), unlocked through" \
		"POST /api/unlock; \`ebb serve --idle 1h\` on 127.0.0.1"
	echo "- method: \`wrk -t1 -cC -d$duration --latency\` over loopback with the session cookie;" \
		"the POSTs also carry X-Ebb-CSRF, Origin and Sec-Fetch-Site (bench/web_post.lua) and" \
		"each writes one check-in, committed before the answer; server CPU is the user + system" \
		"time of the \`ebb serve\` process over the run (/proc) divided by the requests, which" \
		"other work on the machine disturbs far less than requests/s"
	echo
	echo "| request | connections | requests/s | p50 ms | p99 ms | server CPU µs/request | errors |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for what in today home page post; do
		for c in $conns; do
			label=$(label "$what")
			printf '| %s | %s | %.0f | %.2f | %.2f | %.0f | %s |\n' "$label" "$c" \
				"$(get $what "$c" 3)" "$(get $what "$c" 4)" "$(get $what "$c" 5)" \
				"$(get $what "$c" 8)" "$(get $what "$c" 7)"
		done
	done
	echo
	if [ -n "$render" ]; then
		set -- $render
		echo "First render of \`/\` in headless chromium $("$chromium" --version 2>/dev/null |
			awk '{ print $2 }') (playwright-core, a fresh context per run, median of $renders runs" \
			"after one warm-up; times from navigation start):"
		echo
		echo "| | median ms | slowest ms |"
		echo "|---|---:|---:|"
		echo "| first contentful paint | $1 | $2 |"
		echo "| the home screen's numbers painted (element timing of the days since leaving) | $3 | $4 |"
		echo "| app.js has taken the screen over, its buttons and forms work (mark \`ebb-ready\`) | $6 | $7 |"
		echo
		echo "(The page itself, with the home screen drawn in it, had arrived at $5 ms, median.)"
	else
		echo "First render in chromium: $render_note."
	fi
	echo
	echo "### Targets"
	echo
	for c in $conns; do
		for what in today home; do
			r=$(get $what "$c" 3)
			p=$(get $what "$c" 5)
			e=$(get $what "$c" 7)
			l=$(label $what | cut -d' ' -f1-2)
			verdict "$(cmp "$r" ge 5000)" "$l at least 5,000 requests/s with $c connection(s): $(printf '%.0f' "$r")"
			verdict "$(cmp "$p" lt 10)" "$l p99 under 10 ms with $c connection(s): $(printf '%.2f' "$p") ms"
			[ "$e" = 0 ] || verdict 0 "$l answered every request with 200 ($e did not)"
		done
		e=$(get post "$c" 7)
		[ "$e" = 0 ] || verdict 0 "\`POST /api/records\` answered every request with 201 ($e did not)"
	done
	if [ -n "$render" ]; then
		set -- $render
		verdict "$(cmp "$3" lt 300)" "home page rendered with its data under 300 ms: $3 ms (median; first contentful paint $1 ms)"
	else
		verdict 0 "home page rendered under 300 ms: not measured ($render_note)"
	fi
} >"$work/report.md"

echo
cat "$work/report.md"

if [ -n "$doc" ]; then
	if [ -f "$doc" ] && grep -q '<!-- web:begin -->' "$doc" && grep -q '<!-- web:end -->' "$doc"; then
		awk -v gen="$work/report.md" '
			/<!-- web:begin -->/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
			/<!-- web:end -->/ { skip = 0 }
			!skip { print }' "$doc" >"$work/doc.new"
	else
		{
			[ ! -f "$doc" ] || cat "$doc"
			echo
			echo "## The page's server"
			echo
			echo "\`sh bench/web.sh\` measures \`ebb serve\` and rewrites the part between the" \
				"\`web:begin\` and \`web:end\` markers."
			echo
			echo "<!-- web:begin -->"
			cat "$work/report.md"
			echo "<!-- web:end -->"
		} >"$work/doc.new"
	fi
	cat "$work/doc.new" >"$doc"
	note "bench: wrote $doc"
fi
