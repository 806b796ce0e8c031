#!/usr/bin/env bats
# ebb waves: vaults with check-ins on known days read back as the waves the
# specification expects. Scenario B of tests/data/waves/vectors_pipeline.json
# (8 waves, softening) gives its wave days, steps and "getting smaller";
# scenario A (4 waves and a gap in the check-ins) the sequence only, with
# no trend claimed, and a gap in the line; a last wave higher than the one
# before is named as common. The chart fits the terminal, numbers the waves
# above their peaks and is plain ASCII when asked or when the terminal
# cannot show UTF-8. --json holds the documented keys; --svg writes a new,
# private, well-formed image and never replaces a file. No word of the
# output judges. An empty vault is "too early to tell", with what is
# needed; a check-in dated decades away is named with how to fix it.

load helpers

SRC="${EBB_SRC:-$BATS_TEST_DIRNAME/../..}"
PIPELINE="$SRC/tests/data/waves/vectors_pipeline.json"

# A last wave higher than the one before: one check-in a day for 140 days
# (the last yesterday), seven rises, the last one higher; the peaks still
# come down overall.
RISE=(2 2 3 4 6 8 9 10 9 8 6 4 3 2 2 2 2 2 2 2 2 2 3 4 5 7 8 9 8 7 5 4 3 2 2 2 2 2 2 2
	2 2 3 4 5 6 8 8 8 6 5 4 3 2 2 2 2 2 2 2 2 2 3 3 4 6 7 7 7 6 4 3 3 2 2 2 2 2 2 2
	2 2 3 3 4 5 6 6 6 5 4 3 3 2 2 2 2 2 2 2 2 2 2 3 4 5 5 6 5 5 4 3 2 2 2 2 2 2 2 2
	2 2 3 4 5 6 7 8 7 6 5 4 3 2 2 2 2 2 2 2)

# scenario_checkins INDEX: "YYYY-MM-DD VALUE" for each check-in of pipeline
# scenario INDEX (0 is A, 1 is B), its day 0 moved so the last day is
# yesterday.
scenario_checkins() {
	python3 - "$PIPELINE" "$1" <<'PY'
import datetime, json, sys
sc = json.load(open(sys.argv[1]))["scenarios"][int(sys.argv[2])]
last = max(d for d, _ in sc["checkins"])
first = datetime.date.today() - datetime.timedelta(days=last + 1)
for d, v in sc["checkins"]:
    print(first + datetime.timedelta(days=d), v)
PY
}

rise_checkins() {
	local i n=${#RISE[@]}
	for i in "${!RISE[@]}"; do
		echo "$(date -u -d "$((n - i)) days ago" +%F) ${RISE[$i]}"
	done
}

# build NAME < "DATE VALUE" lines: a vault of those check-ins (at 20:00),
# in a sandbox of its own under BATS_FILE_TMPDIR.
build() {
	local d="$BATS_FILE_TMPDIR/$1" day value
	(
		export HOME="$d/home" XDG_DATA_HOME="$d/data" XDG_RUNTIME_DIR="$d/run"
		mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
		PASSFILE="$d/pass"
		printf '%s\n' "$PASS" >"$PASSFILE"
		make_vault
		while read -r day value; do
			checkin "$value" --at "$day 20:00"
		done
		# fold everything sealed while locked, so the copies are whole
		ebb_pass log -n 1 >/dev/null
	)
}

setup_file() {
	export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
	unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE
	scenario_checkins 1 | build b
	scenario_checkins 0 | build a
	rise_checkins | build rise
}

setup() {
	common_setup
}

# use_vault NAME: this test's vault is a copy of a vault built above.
use_vault() {
	mkdir -p "$(dirname "$VAULT")"
	cp -a "$BATS_FILE_TMPDIR/$1/data/ebb/." "$(dirname "$VAULT")/"
}

# no_judging TEXT: none of the words ebb never says.
no_judging() {
	if printf '%s\n' "$1" | grep -Eio 'significant|p-value|relapse|worse'; then
		echo "a word ebb never says turned up in:"
		printf '%s\n' "$1"
		return 1
	fi
}

# joined: stdout with its lines joined by spaces (sentences are wrapped).
joined() {
	printf '%s\n' "$output" | tr '\n' ' '
}

# expect_sentence TEXT: stdout holds TEXT, however it was wrapped.
expect_sentence() {
	if [[ "$(joined)" != *"$1"* ]]; then
		echo "expected the sentence: $1"
		show_run
		return 1
	fi
}

# no_sentence TEXT: stdout does not hold TEXT (any case).
no_sentence() {
	if joined | grep -Fqi -- "$1"; then
		echo "did not expect: $1"
		show_run
		return 1
	fi
}

# ---- what it says ---------------------------------------------------------

@test "--help describes the options" {
	run_ebb waves --help
	expect_exit 0
	expect_out '--svg FILE'
	expect_out '--ascii'
	expect_out '--from WHEN'
}

@test "an empty vault: too early to tell, with what is needed" {
	make_vault
	run_ebb_pass waves
	expect_exit 0
	expect_out '^No check-ins yet\.$'
	expect_out '^Too early to tell'
	expect_out 'a few weeks of check-ins'
	expect_sentence 'A wave is a stretch that rose at least 1 point above the days around it.'
	no_judging "$output"
	run_ebb_pass waves --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["checkins"] == 0 and d["waves"] == [] and d["daily"] == [], d
assert d["from"] is None and d["smooth"]["values"] == [], d
assert d["verdicts"]["waves"]["id"] == "not_enough_waves_yet", d
assert d["verdicts"]["waves"]["sentence"].startswith("too early to tell"), d
assert "few weeks of check-ins" in d["sentences"]["needed"], d
assert d["sentences"]["rate"] is None, d'
}

@test "scenario B: its 8 waves on their days, the steps, and getting smaller" {
	use_vault b
	run_ebb_pass waves
	expect_exit 0
	# each wave's line, with the day the vectors expect and its peak
	python3 - "$PIPELINE" >"$T/lines" <<'PY'
import datetime, json, sys
sc = json.load(open(sys.argv[1]))["scenarios"][1]
last = max(d for d, _ in sc["checkins"])
first = datetime.date.today() - datetime.timedelta(days=last + 1)
end = first + datetime.timedelta(days=last)
for k, w in enumerate(sc["waves"]):
    day = first + datetime.timedelta(days=w["day"])
    date = day.strftime("%-d %b") + (day.strftime(" %Y") if first.year != end.year else "")
    print("^%d  +%s  peak %.1f$" % (k + 1, date, w["height_smoothed"]))
PY
	[ "$(wc -l <"$T/lines")" = 8 ]
	while read -r line; do
		expect_out "$line"
	done <"$T/lines"
	expect_no_out '^9  '
	expect_sentence 'From one wave to the next: 4 lower, 1 higher, 2 about the same.'
	expect_sentence 'Getting smaller: even the cautious end of the range is downward.'
	expect_sentence 'Across your 8 waves, peaks have come down by about 0.9 points a month (likely between 0.4 and 1.1).'
	expect_sentence 'Getting lower: your everyday level is easing'
	expect_sentence 'A wave is a stretch that rose at least 1 point above the days around it.'
	# the last step was about the same: nothing to reassure about
	no_sentence 'Your last wave was higher'
	no_sentence 'too early'
	no_judging "$output"
}

@test "scenario B as JSON: every documented key, and the values of the vectors" {
	use_vault b
	run_ebb_pass waves --json
	expect_exit 0
	printf '%s' "$output" | json_check "
import math
exp = json.load(open('$PIPELINE'))['scenarios'][1]
keys = {'checkins', 'from', 'to', 'origin', 'params', 'daily', 'smooth', 'segments',
        'waves', 'steps', 'step_counts', 'weeks', 'trends', 'verdicts', 'sentences'}
assert set(d) == keys, sorted(d)
assert d['checkins'] == len(exp['checkins'])
assert d['origin'] == d['from'] == d['daily'][0]['date']
assert [x['day'] for x in d['daily']] == exp['daily']['day']
for x, m in zip(d['daily'], exp['daily']['mean']):
    assert abs(x['mean'] - m) < 1e-9 and set(x) == {'date', 'day', 'mean', 'max', 'count', 'ewma'}, x
assert len(d['smooth']['values']) == 150 and None not in d['smooth']['values']
for a, b in zip(d['smooth']['values'], exp['smooth']['value']):
    assert abs(a - b) < 1e-9
assert d['segments'] == [{'from': d['from'], 'to': d['to']}], d['segments']
wk = {'number', 'date', 'day', 'height', 'prominence', 'left_base', 'right_base', 'width',
      'left_ip', 'right_ip'}
assert [w['day'] for w in d['waves']] == [w['day'] for w in exp['waves']]
for w, e in zip(d['waves'], exp['waves']):
    assert set(w) == wk, w
    assert abs(w['height'] - e['height_smoothed']) < 1e-9
    assert abs(w['prominence'] - e['prominence']) < 1e-9
    assert abs(w['width'] - e['width_days_half_prom']) < 1e-9
    assert abs(w['left_ip'] - e['left_ip_day']) < 1e-9
assert [w['number'] for w in d['waves']] == list(range(1, 9))
assert d['step_counts'] == {'lower': 4, 'higher': 1, 'same': 2}
assert [s['kind'] for s in d['steps']] == ['lower', 'lower', 'lower', 'same', 'lower', 'higher', 'same']
tw = d['trends']['waves']
assert tw['valid'] and tw['n'] == 8
assert abs(tw['slope_per_day'] - float(exp['wave_trend']['theil_slope'])) < 1e-9
assert abs(tw['lo_per_day'] - float(exp['wave_trend']['theil_lo'])) < 1e-9
assert abs(tw['hi_per_day'] - float(exp['wave_trend']['theil_hi'])) < 1e-9
assert abs(tw['slope_per_month'] - 30 * tw['slope_per_day']) < 1e-9
assert tw['mann_kendall']['s'] == -24
assert [w['median'] for w in d['weeks']] == exp['weekly']['median']
assert [w['t'] for w in d['weeks']] == exp['weekly']['t']
assert d['trends']['baseline']['n'] == 20
assert d['verdicts']['waves']['id'] == exp['wave_verdict'] == 'getting_smaller'
assert d['verdicts']['baseline']['id'] == exp['baseline_verdict']
assert d['verdicts']['waves']['sentence'].startswith('getting smaller')
s = d['sentences']
assert set(s) == {'steps', 'last_step', 'verdict', 'rate', 'baseline', 'wave', 'needed'}, s
assert s['steps'] == '4 lower, 1 higher, 2 about the same'
assert s['last_step'] is None and s['needed'] is None
assert s['rate'].startswith('Across your 8 waves')
assert set(d['params']) == {'half_life', 'sigma', 'cutoff', 'min_support', 'prominence',
    'distance', 'wlen', 'rel_height', 'step_band', 'week_min_days', 'conf'}
"
	no_judging "$output"
}

@test "every JSON key is documented in the man page" {
	use_vault b
	run_ebb_pass waves --json
	expect_exit 0
	printf '%s' "$output" | json_check "
import re
page = open('$SRC/docs/man/ebb-waves.1.scd').read()
documented = set(re.findall(r'\*([a-z_]+)\*', page))
def keys(x):
    if isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from keys(v)
    elif isinstance(x, list):
        for v in x:
            yield from keys(v)
missing = set(keys(d)) - documented
assert not missing, missing
"
}

@test "scenario A: 4 waves, the sequence and steps only, no trend claimed" {
	use_vault a
	run_ebb_pass waves
	expect_exit 0
	expect_out '^4  '
	expect_no_out '^5  '
	expect_sentence 'From one wave to the next: 3 lower, 0 higher, 0 about the same.'
	expect_sentence "Too early to tell: you've had 4 waves; we need at least 5."
	expect_sentence 'a few more weeks of check-ins'
	no_sentence 'getting smaller: even'
	no_sentence 'no clear change'
	no_sentence 'getting bigger'
	no_sentence 'Across your'
	no_judging "$output"
	run_ebb_pass waves --json
	printf '%s' "$output" | json_check '
assert d["verdicts"]["waves"]["id"] == "too_early_to_call_show_sequence_only", d["verdicts"]
assert d["sentences"]["rate"] is None
assert len(d["waves"]) == 4 and len(d["segments"]) == 2, d["segments"]
assert None in d["smooth"]["values"]'
}

@test "a gap in the check-ins leaves a gap in the line" {
	use_vault a
	run_ebb_pass waves --json
	expect_exit 0
	printf '%s' "$output" >"$T/a.json"
	run_ebb_pass waves --ascii
	expect_exit 0
	printf '%s\n' "$output" >"$T/a.txt"
	python3 - "$T/a.json" "$T/a.txt" <<'PY'
import json, math, re, sys
vals = json.load(open(sys.argv[1]))["smooth"]["values"]
rows = [l for l in open(sys.argv[2]).read().split("\n") if re.match(r"^(\d\d| \d) \+|^   \|", l)]
assert len(rows) == 11, rows
n, cols = len(vals), 80 - 4 - 1
col_days = {}
for i in range(n):
    col_days.setdefault(math.floor(i * (cols - 1) / (n - 1) + 0.5), []).append(vals[i])
def marked(c):
    return any(len(r) > 4 + c and r[4 + c] != " " for r in rows)
gaps = [c for c, v in col_days.items() if all(x is None for x in v)]
assert gaps, "the gap should span at least one column"
for c, v in col_days.items():
    if all(x is None for x in v):
        assert not marked(c), (c, rows)
    else:
        assert marked(c), (c, rows)
PY
}

@test "a higher wave after a lower one is named as ordinary" {
	use_vault rise
	run_ebb_pass waves
	expect_exit 0
	expect_out '^7  '
	expect_sentence "Your last wave was higher than the one before. That's common. The overall direction is still downward."
	expect_sentence 'Getting smaller: even the cautious end of the range is downward.'
	no_judging "$output"
	run_ebb_pass waves --json
	printf '%s' "$output" | json_check '
assert d["steps"][-1]["kind"] == "higher", d["steps"]
assert d["sentences"]["last_step"].startswith("Your last wave was higher"), d["sentences"]'
}

# ---- the chart --------------------------------------------------------------

@test "the chart: 80 columns off a terminal, the 0-10 scale, months, wave numbers over peaks" {
	use_vault b
	run_ebb_pass waves --json
	printf '%s' "$output" >"$T/b.json"
	run_ebb_pass waves --ascii
	expect_exit 0
	expect_out '^10 \+'
	expect_out '^ 0 \+'
	expect_out '^   \+[-+]+$'
	printf '%s\n' "$output" >"$T/b.txt"
	python3 - "$T/b.json" "$T/b.txt" <<'PY'
import calendar, datetime, json, math, re, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")
assert all(len(l) <= 80 for l in lines), [l for l in lines if len(l) > 80]
rows = [l for l in lines if re.match(r"^(\d\d| \d) \+|^   \||^    ", l)]
axis = [i for i, l in enumerate(lines) if re.match(r"^   \+[-+]+$", l)][0]
labels = lines[axis + 1]
first = datetime.date.fromisoformat(d["from"])
last = datetime.date.fromisoformat(d["to"])
# every month that begins within the days shown is named below the axis
m = datetime.date(first.year, first.month, 1)
while m <= last:
    if m >= first:
        name = str(m.year) if m.month == 1 and first.year != last.year else calendar.month_abbr[m.month]
        assert re.search(r"\b%s\b" % name, labels), (name, labels)
    m = datetime.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
# each wave's number stands above its peak
n, cols = len(d["smooth"]["values"]), 80 - 4 - 1
chart = [l for l in lines[:axis] if re.match(r"^(\d\d| \d) \+|^   \||^    ", l)]
assert 11 <= len(chart) <= 12, chart
for w in d["waves"]:
    col = math.floor(w["day"] * (cols - 1) / (n - 1) + 0.5)
    found = any(int(mo.group()) == w["number"] and abs(mo.start() - col) <= 1
                for l in chart for mo in re.finditer(r"\d+", l[4:]))
    assert found, (w, chart)
PY
}

@test "the chart is UTF-8 braille on a UTF-8 terminal, ASCII elsewhere or with --ascii" {
	use_vault b
	TERM=xterm run_ebb_pass waves
	expect_exit 0
	printf '%s' "$output" | python3 -c '
import sys
t = sys.stdin.buffer.read().decode("utf-8")
assert any(0x2800 <= ord(c) <= 0x28FF for c in t), "no braille"
assert "\u2524" in t and "\u2514" in t, "no box-drawing axes"
assert all(len(l) <= 80 for l in t.split("\n"))'
	local how
	for how in "--ascii" "LC_ALL=C" "TERM=dumb" "LC_ALL= LC_CTYPE= LANG=en_GB.ISO-8859-1"; do
		if [ "$how" = --ascii ]; then
			TERM=xterm run_ebb_pass waves --ascii
		else
			eval "TERM=xterm $how run_ebb_pass waves"
		fi
		expect_exit 0
		printf '%s' "$output" | python3 -c '
import sys
b = sys.stdin.buffer.read()
bad = [x for x in b if x >= 0x80]
assert not bad, "non-ASCII bytes with '"$how"'"' || {
			echo "with $how:"
			show_run
			false
		}
		expect_out '^10 \+'
	done
}

@test "no colour codes when colour is off" {
	use_vault b
	TERM=xterm run_ebb_pass waves
	expect_exit 0
	if printf '%s' "$output" | grep -q $'\033'; then
		echo "escape codes in the output"
		false
	fi
}

# ---- --svg ------------------------------------------------------------------

@test "--svg writes a new private, well-formed, accessible chart, hard dates marked" {
	use_vault b
	local first
	first=$(ebb_pass waves --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["from"])')
	ebb_quiet dates add "$(date -u -d "$first +20 days" +%F)" 'the <day> & "we" met' >/dev/null
	run_ebb_pass waves --svg "$T/waves.svg"
	expect_exit 0
	expect_out '^1  '
	expect_sentence 'From one wave to the next: 4 lower, 1 higher, 2 about the same.'
	expect_err 'The chart is in .*waves\.svg'
	[ "$(mode_of "$T/waves.svg")" = 600 ]
	python3 - "$T/waves.svg" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == ns + "svg", root.tag
assert root.get("role") == "img"
title = root.find(ns + "title")
assert title is not None and title.text.strip(), "no title"
assert root.find(ns + "desc") is not None, "no desc"
classes = [e.get("class", "") for e in root.iter()]
assert sum("ebb-wave" in c.split() for c in classes) == 8, classes
assert sum("ebb-date" in c.split() for c in classes) == 1, classes
text = open(sys.argv[1]).read()
assert "var(" not in text, "colours must be fixed for other viewers"
assert "<script" not in text
assert 'the &lt;day&gt; &amp; ' in text
PY
	# nothing half-written is left beside it
	[ -z "$(ls "$T" | grep partial)" ]
}

@test "--svg with --json: the JSON alone on stdout" {
	use_vault b
	run_ebb_pass waves --json --svg "$T/w.svg"
	expect_exit 0
	printf '%s' "$output" | json_check 'assert len(d["waves"]) == 8'
	[ -s "$T/w.svg" ]
}

@test "--svg never replaces a file: exit 73, the file untouched" {
	use_vault b
	printf 'mine\n' >"$T/taken.svg"
	run_ebb_pass waves --svg "$T/taken.svg"
	expect_error 73 'already exists'
	expect_empty_stdout
	[ "$(cat "$T/taken.svg")" = mine ]
}

@test "--svg on an empty vault: a chart that says there is nothing yet" {
	make_vault
	run_ebb_pass waves --svg "$T/empty.svg"
	expect_exit 0
	python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.get("role") == "img"' "$T/empty.svg"
	grep -q 'Nothing to show yet' "$T/empty.svg"
}

# ---- filters and limits -------------------------------------------------------

@test "--from and --to limit the days looked at" {
	use_vault b
	local from to
	from=$(date -u -d '100 days ago' +%F)
	to=$(date -u -d '40 days ago' +%F)
	run_ebb_pass waves --json --from "$from" --to "$to"
	expect_exit 0
	printf '%s' "$output" | json_check "
assert d['from'] >= '$from' and d['to'] <= '$to', (d['from'], d['to'])
assert all('$from' <= x['date'] <= '$to' for x in d['daily'])
assert 0 < d['checkins'] < len(json.load(open('$PIPELINE'))['scenarios'][1]['checkins'])"
	run_ebb_pass waves --from today
	expect_exit 0
	expect_out '^No check-ins between these days\.$'
	expect_out '^Too early to tell'
}

@test "a check-in dated decades away is named, with how to fix it" {
	make_vault
	checkin 5 --at "$(date -u -d '3 days ago' +%F) 20:00"
	checkin 6 --at "$(date -u -d '2 days ago' +%F) 20:00"
	local id
	id=$(ebb_quiet checkin 4 --at "1950-03-01 20:00" --json |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["id"][-8:])')
	run_ebb_pass waves
	expect_error 65 "1950-03-01 \\($id\\).*ebb edit $id --at"
	expect_empty_stdout
	run_ebb_pass waves --from "$(date -u -d '10 days ago' +%F)"
	expect_exit 0
	run_ebb_pass edit "$id" --at "$(date -u -d '4 days ago' +%F) 20:00"
	expect_exit 0
	run_ebb_pass waves
	expect_exit 0
}

# ---- errors -----------------------------------------------------------------

@test "locked with no passphrase: exit 77" {
	use_vault b
	run_ebb waves
	expect_exit 77
	expect_empty_stdout
}

@test "no vault: exit 66" {
	run_ebb_pass waves
	expect_exit 66
}

@test "bad options and arguments: exit 64 before anything is read" {
	make_vault
	run_ebb waves --from 'not a day'
	expect_error 64 'not a day'
	run_ebb waves extra
	expect_error 64 'extra'
	run_ebb waves --bogus
	expect_exit 64
	run_ebb waves --svg ''
	expect_exit 64
	run_ebb waves --from 2026-03-02 --to 2026-03-01
	expect_error 64 'after'
}

@test "no word that judges, anywhere: text, JSON, help, man page" {
	local v
	for v in a b rise; do
		use_vault "$v"
		run_ebb_pass waves
		no_judging "$output"
		run_ebb_pass waves --ascii
		no_judging "$output"
		run_ebb_pass waves --json
		no_judging "$output"
		rm -rf "$(dirname "$VAULT")"
	done
	run_ebb waves --help
	no_judging "$output"
	no_judging "$(cat "$SRC/docs/man/ebb-waves.1.scd")"
}
