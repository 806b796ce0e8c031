#!/usr/bin/env bats
# ebb insights: a vault with a known history (check-ins naming feelings and
# what is grieved over three months, urges with what was done, contacts,
# the four signs over seven weeks, a yearly hard date) reads back as the
# counts that went in: facets month by month, the top feeling, urges felt
# and acted on with the let-pass range only from 5 urges, days since the
# last contact, a sentence for each sign. --json holds the documented keys;
# --svg DIR writes five accessible SVG charts and never replaces a file.
# No word of the output judges: never "significant", "p-value", "relapse"
# or "worse". An empty vault reads gently; a locked one needs the key.

load helpers

# ---- the known history --------------------------------------------------
#
# Dates are relative to today (TZ=UTC): months A, B, C are the three
# months before this one.
#   A: 6 check-ins naming potential (one also self), all sadness, two longing
#   B: 3 check-ins naming investment, sadness and anger
#   C: 6 check-ins naming self; longing on four, sadness on two
# so sadness 11, longing 6, anger 3; facets A 6/1/0/0, B 0/0/3/0, C 0/6/0/0.
# Urges 40, 33, 26, 19, 12, 5 and 2 days ago: reached out on three of them.
# Contacts 30 days ago (by me) and 12 days ago (by them).
# Signs once a week, 49 to 7 days ago. A yearly hard date: month A's 7th,
# one year earlier.

URGE_DAYS=(40 33 26 19 12 5 2)
URGE_DID=(reached-out waited wrote reached-out breathed reached-out '')

# day_of MONTHS_BACK DAY: YYYY-MM-DD of day DAY of the month MONTHS_BACK
# months before this one.
day_of() {
	date -u -d "$(date -u +%Y-%m-01) -$1 months +$(($2 - 1)) days" +%F
}

ago() { date -u -d "$1 days ago" +%F; }

month_of() { day_of "$1" 1 | cut -c1-7; }

build_known() {
	local d i id
	# two rises a month apart, each peaking on a day of its own
	local ia=(2 3 8 3 2 2) ic=(2 7 2 2 7 2)
	i=0
	for d in 3 5 7 9 11 13; do
		if [ "$d" = 13 ]; then
			checkin "${ia[$i]}" --at "$(day_of 3 $d)" --grieving potential,self --feel sadness
		elif [ "$d" -le 5 ]; then
			checkin "${ia[$i]}" --at "$(day_of 3 $d)" --grieving potential --feel sadness,longing
		else
			checkin "${ia[$i]}" --at "$(day_of 3 $d)" --grieving potential --feel sadness
		fi
		i=$((i + 1))
	done
	for d in 4 8 12; do
		checkin 6 --at "$(day_of 2 $d)" --grieving investment --feel sadness,anger
	done
	i=0
	for d in 2 4 6 8; do
		checkin "${ic[$i]}" --at "$(day_of 1 $d)" --grieving self --feel longing
		i=$((i + 1))
	done
	for d in 10 12; do
		checkin "${ic[$i]}" --at "$(day_of 1 $d)" --grieving self --feel sadness
		i=$((i + 1))
	done
	for i in "${!URGE_DAYS[@]}"; do
		if [ -n "${URGE_DID[$i]}" ]; then
			ebb_quiet urge 6 --did "${URGE_DID[$i]}" --at "$(ago "${URGE_DAYS[$i]}")" >/dev/null
		else
			ebb_quiet urge 5 --at "$(ago "${URGE_DAYS[$i]}")" >/dev/null
		fi
	done
	ebb_quiet contact --by me --at "$(ago 30)" >/dev/null
	ebb_quiet contact --by them --at "$(ago 12)" >/dev/null
	local a=(0 1 1 2 2 3 4) c=(1 1 2 2 2 3 3) dd=(3 3 2 2 3 3 3) days=(49 42 35 28 21 14 7)
	for i in 0 1 2 3 4 5 6; do
		id=$(ebb_quiet signs "${a[$i]}" 2 "${c[$i]}" "${dd[$i]}" --json |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
		ebb_pass edit "$id" --at "$(ago "${days[$i]}")" >/dev/null
	done
	ebb_quiet dates add "$(date -u -d "$(day_of 3 7) -1 year" +%F)" 'the day we met' \
		--yearly >/dev/null
	# fold everything sealed while locked, so the copies are whole
	ebb_pass log -n 1 >/dev/null
}

setup_file() {
	local d="$BATS_FILE_TMPDIR/known"
	# build once, in a sandbox of its own, then copy for each test
	(
		export HOME="$d/home" XDG_DATA_HOME="$d/data" XDG_RUNTIME_DIR="$d/run"
		export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
		unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE
		mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
		PASSFILE="$d/pass"
		printf '%s\n' "$PASS" >"$PASSFILE"
		make_vault
		build_known
	)
}

setup() {
	common_setup
}

# known_vault: this test's vault is a copy of the known history.
known_vault() {
	mkdir -p "$(dirname "$VAULT")"
	cp -a "$BATS_FILE_TMPDIR/known/data/ebb/." "$(dirname "$VAULT")/"
}

# no_judging TEXT: none of the words ebb never says.
no_judging() {
	if printf '%s\n' "$1" | grep -Eio 'significant|p-value|relapse|worse'; then
		echo "a word ebb never says turned up in:"
		printf '%s\n' "$1"
		return 1
	fi
}

# section TITLE: the lines of stdout from heading TITLE to the next blank-line
# heading (a line that does not start with a space).
section() {
	printf '%s\n' "$output" | awk -v t="$1" '
		$0 == t { on = 1; next }
		on && /^[^ ]/ { exit }
		on { print }'
}

# ---- the counts ---------------------------------------------------------

@test "facets month by month: the counts of each month, and the shift named" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	expect_out '^What you are grieving$'
	expect_out '^  month +potential +self +investment +familiar$'
	expect_out "^  $(month_of 3) +6 +1 +0 +0\$"
	expect_out "^  $(month_of 2) +0 +0 +3 +0\$"
	expect_out "^  $(month_of 1) +0 +6 +0 +0\$"
	# the shift, in the core's words: self grew, potential faded
	section 'What you are grieving' | tr '\n' ' ' | tr -s ' ' |
		grep -q '"who I was in it" made up more of what you named (100%, up from 14%)'
	section 'What you are grieving' | tr '\n' ' ' | grep -q 'down from 86%'
}

@test "feelings: the top feeling first, with the counts" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	section Feelings | tr '\n' ' ' | tr -s ' ' |
		grep -q 'The feelings you named most often: sadness (11 times), longing (6 times) and anger (3 times)\.'
	expect_out '^  sadness +11$'
	expect_out '^  longing +6$'
	expect_out '^  anger +3$'
	expect_out 'Of 15 check-ins that named a feeling'
	# the change sentence is there too, whatever it says
	section Feelings | tr '\n' ' ' | grep -Eq 'In the last 30 days|Too early to tell how your feelings'
}

@test "urges: felt, acted on and let pass, week by week, with the range from 5 urges" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	local urges
	urges=$(section Urges | tr '\n' ' ' | tr -s ' ')
	[[ "$urges" == *"You noted 7 urges: you let 4 pass and acted on 3. That is 57% let pass (likely between "*"%)."* ]] || {
		echo "$urges"
		false
	}
	expect_out '^  week of +felt +acted on +let pass$'
	# each week's row, as the urge dates fall into Monday-to-Sunday weeks
	local rows
	rows=$(python3 - "${URGE_DAYS[*]}" "${URGE_DID[*]}" <<'PY'
import datetime, sys
days = [int(x) for x in sys.argv[1].split()]
did = sys.argv[2].split(' ')
today = datetime.datetime.now(datetime.timezone.utc).date()
weeks = {}
for n, what in zip(days, did):
    d = today - datetime.timedelta(days=n)
    m = d - datetime.timedelta(days=d.weekday())
    f, a = weeks.get(m, (0, 0))
    weeks[m] = (f + 1, a + (what == 'reached-out'))
for m, (f, a) in sorted(weeks.items()):
    print(f"{m} {f} {a} {f - a}")
PY
	)
	local m f a l
	while read -r m f a l; do
		expect_out "^  $m +$f +$a +$l\$"
	done <<<"$rows"
	[[ "$urges" == *"What you did with them: waited 1, wrote 1, breathed 1, reached-out 3, not noted 1."* ]] || {
		echo "$urges"
		false
	}
}

@test "urges: below 5 there is no range, only what is needed" {
	make_vault
	local n
	for n in 3 2 1; do
		ebb_quiet urge 4 --did waited --at "$(ago "$n")" >/dev/null
	done
	ebb_quiet urge 4 --did reached-out --at "$(ago 4)" >/dev/null
	run_ebb_pass insights
	expect_exit 0
	local urges
	urges=$(section Urges | tr '\n' ' ' | tr -s ' ')
	[[ "$urges" == *"You noted 4 urges: you let 3 pass and acted on 1. Too early to tell a share: that needs at least 5 urges."* ]] || {
		echo "$urges"
		false
	}
	[[ "$urges" != *"likely between"* ]]
	run_ebb_pass insights --json
	expect_exit 0
	printf '%s' "$output" | json_check '
a = d["urges"]["all"]
assert (a["felt"], a["acted_on"], a["let_pass"]) == (4, 1, 3), a
assert a["range"] is None, a'
	# the fifth urge brings the range
	ebb_quiet urge 4 --did wrote --at "$(ago 5)" >/dev/null
	run_ebb_pass insights
	section Urges | tr '\n' ' ' | tr -s ' ' |
		grep -q 'You noted 5 urges: you let 4 pass and acted on 1. That is 80% let pass (likely between'
}

@test "contact: days since the last one, said plainly" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	expect_out '^  Your last contact was 12 days ago; they reached out\.$'
	expect_out "^  Days since the last contact: 12 \\(on $(ago 12)\\)\\.$"
	expect_out '^  Contacts recorded: 2 \(you reached out 1, they did 1, not said 0\)\.$'
}

@test "the four signs: each with its sentence, its range and its latest weekly median" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	local signs
	signs=$(section 'The four signs' | tr '\n' ' ' | tr -s ' ')
	local label
	for label in 'I can think of them without falling apart' \
		'the need to explain myself has faded' \
		'the lessons feel clearer than the loss' 'I trust myself more'; do
		[[ "$signs" == *"\"$label\": "* ]] || {
			echo "no sentence for $label in: $signs"
			false
		}
	done
	# seven weeks: a trend with its range, and an early reading
	[[ "$signs" == *"points a month on the 0 to 4 scale, likely"* ]] || {
		echo "$signs"
		false
	}
	[[ "$signs" == *"This rests on 7 weeks of ratings, so it is an early reading."* ]]
	expect_out "^    Latest weekly median: 4 \\(week of [0-9-]+\\); rated in 7 weeks\\.$"
	expect_out "^    Latest weekly median: 2 \\(week of [0-9-]+\\); rated in 7 weeks\\.$"
}

@test "hard dates: the anniversary on the timeline, and the waves beside it" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	expect_out "^  $(day_of 3 7)  the day we met \\(1 year on\\)\$"
	# the one wave peaks on the anniversary itself (month A's 7th)
	section 'Hard dates' | tr '\n' ' ' | tr -s ' ' |
		grep -q 'Your one wave peaked within 3 days of a hard date\. A wave on a day picked at random across your check-ins would land that close about [0-9]*% of the time\.'
}

# ---- JSON ----------------------------------------------------------------

@test "--json: one object with the documented keys and the same counts" {
	known_vault
	run_ebb_pass insights --json
	expect_exit 0
	[ -z "$stderr" ]
	printf '%s' "$output" | json_check "
import datetime
assert set(d) == {'today', 'from', 'to', 'has_history', 'first_day', 'last_day', 'grieving',
                  'feelings', 'urges', 'contact', 'signs', 'hard_dates', 'waves'}, sorted(d)
assert d['today'] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()
assert d['from'] is None and d['to'] is None and d['has_history'] is True
g = d['grieving']
assert set(g) == {'facets', 'months', 'shift', 'sentence'}, sorted(g)
assert [f['name'] for f in g['facets']] == ['potential', 'self', 'investment', 'familiar']
months = {m['month']: m['counts'] for m in g['months']}
assert months['$(month_of 3)'] == {'potential': 6, 'self': 1, 'investment': 0, 'familiar': 0}, months
assert months['$(month_of 2)'] == {'potential': 0, 'self': 0, 'investment': 3, 'familiar': 0}, months
assert months['$(month_of 1)'] == {'potential': 0, 'self': 6, 'investment': 0, 'familiar': 0}, months
assert g['shift']['known'] and g['shift']['grew'] == 'self' and g['shift']['faded'] == 'potential'
for k in ('checkins', 'named', 'mentions', 'shares'):
    assert k in g['months'][0], k
f = d['feelings']
assert set(f) == {'named', 'counts', 'top', 'change', 'sentence', 'change_sentence'}, sorted(f)
assert f['named'] == 15 and f['counts']['sadness'] == 11 and f['counts']['anger'] == 3
assert [t['name'] for t in f['top']] == ['sadness', 'longing', 'anger'], f['top']
assert f['top'][0]['count'] == 11
for k in ('known', 'recent_from', 'recent_named', 'earlier_named', 'recent_shares',
          'earlier_shares', 'rose', 'eased'):
    assert k in f['change'], k
u = d['urges']
assert set(u) == {'weeks', 'all', 'recent', 'did', 'trend', 'sentence', 'recent_sentence'}, sorted(u)
assert (u['all']['felt'], u['all']['acted_on'], u['all']['let_pass']) == (7, 3, 4), u['all']
assert abs(u['all']['let_pass_share'] - 4 / 7) < 1e-9
r = u['all']['range']
assert 0 < r['low'] < 4 / 7 < r['high'] < 1, r
assert sum(w['felt'] for w in u['weeks']) == 7 and sum(w['acted_on'] for w in u['weeks']) == 3
assert all(set(w) == {'week', 'felt', 'acted_on', 'let_pass'} for w in u['weeks'])
assert u['did'] == {'waited': 1, 'wrote': 1, 'breathed': 1, 'reached-out': 3, 'other': 0,
                    'not_noted': 1}, u['did']
assert 'from' in u['recent'] and set(u['trend']) == {'weeks', 'felt', 'acted_on'}
c = d['contact']
assert c['count'] == 2 and c['by_me'] == 1 and c['by_them'] == 1, c
assert c['days_since'] == 12 and c['last'] == '$(ago 12)' and c['last_by'] == 'them', c
assert c['sentence'] == 'Your last contact was 12 days ago; they reached out.'
s = d['signs']
assert [x['name'] for x in s] == ['think', 'explain', 'lessons', 'trust'], s
for x in s:
    assert set(x) == {'name', 'label', 'weeks', 'latest', 'trend', 'solid', 'verdict',
                      'sentence'}, sorted(x)
    assert len(x['weeks']) == 7 and x['solid'] is False
    assert x['trend'] is not None and x['sentence'].startswith('\"')
    t = x['trend']
    for k in ('slope_per_month', 'low_per_month', 'high_per_month', 'mann_kendall'):
        assert k in t, k
assert [w['median'] for w in s[0]['weeks']] == [0, 1, 1, 2, 2, 3, 4]
assert s[0]['latest']['median'] == 4
assert s[0]['verdict'] in ('getting_stronger', 'no_clear_change_yet'), s[0]['verdict']
h = d['hard_dates']
assert set(h) == {'count', 'occurrences', 'cluster', 'sentence'}, sorted(h)
assert h['count'] == 1
assert [(o['day'], o['label'], o['years']) for o in h['occurrences']] == \
    [('$(day_of 3 7)', 'the day we met', 1)], h['occurrences']
assert h['cluster']['computed'] is True and h['cluster']['window'] == 3
assert (h['cluster']['waves'], h['cluster']['near']) == (1, 1), h['cluster']
w = d['waves']
assert w['days_logged'] == 15, w
assert [x['day'] for x in w['waves']] == ['$(day_of 3 7)'], w
for k in ('waves', 'verdict', 'lower', 'higher', 'same'):
    assert k in w, k
"
}

@test "--from and --to read only the records of those days" {
	known_vault
	run_ebb_pass insights --from "$(day_of 1 1)" --json
	expect_exit 0
	printf '%s' "$output" | json_check "
assert d['from'] == '$(day_of 1 1)' and d['to'] is None
assert [m['month'] for m in d['grieving']['months']] == ['$(month_of 1)'], d['grieving']['months']
assert d['feelings']['counts']['sadness'] == 2 and d['feelings']['counts']['anger'] == 0"
	run_ebb_pass insights --to "$(day_of 3 20)"
	expect_exit 0
	expect_out "^Records from the first to $(day_of 3 20) only\\.\$"
	expect_out "^  $(month_of 3) +6 +1 +0 +0\$"
	expect_no_out "^  $(month_of 2) "
	expect_out '^  No urges noted yet\.$'
	# days with nothing in them say so
	run_ebb_pass insights --to 2000-01-01
	expect_exit 0
	expect_out '^Nothing recorded in those days\.$'
}

# ---- charts ----------------------------------------------------------------

@test "--svg DIR: five well-formed charts, private, each with a title and role img" {
	known_vault
	run_ebb_pass insights --svg "$T/charts"
	expect_exit 0
	expect_out '^Charts written'
	local f
	for f in facets feelings urges signs waves; do
		expect_out "^  $T/charts/$f.svg\$"
		[ "$(mode_of "$T/charts/$f.svg")" = 600 ]
	done
	[ "$(mode_of "$T/charts")" = 700 ]
	[ "$(ls "$T/charts" | wc -l)" = 5 ]
	python3 - "$T/charts" <<'PY'
import os, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
for name in ("facets", "feelings", "urges", "signs", "waves"):
    path = os.path.join(d, name + ".svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg"), (path, root.tag)
    assert root.get("role") == "img", (path, root.attrib)
    titles = [e for e in root if e.tag.endswith("title")]
    assert titles and titles[0].text and titles[0].text.strip(), path
    text = open(path, encoding="utf-8").read()
    assert "var(" not in text, path + ": themed colours in a file"
feel = open(os.path.join(d, "feelings.svg"), encoding="utf-8").read()
assert "sadness" in feel, "the feelings chart names the feelings"
PY
}

@test "--svg with --json: the JSON on stdout, the list of files on stderr" {
	known_vault
	run_ebb_pass insights --json --svg "$T/charts"
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d["has_history"] is True'
	expect_err "^  $T/charts/waves.svg\$"
	[ -f "$T/charts/waves.svg" ]
}

@test "--svg never replaces a file: exit 73 naming it, nothing written" {
	known_vault
	ebb_pass insights --svg "$T/charts" >/dev/null
	local before
	before=$(sum_of "$T/charts/facets.svg")
	run_ebb_pass insights --svg "$T/charts"
	expect_error 73 "$T/charts/facets.svg already exists"
	expect_empty_stdout
	[ "$(sum_of "$T/charts/facets.svg")" = "$before" ]

	# one file in the way is enough, and nothing else is created
	mkdir -p "$T/other"
	echo mine >"$T/other/urges.svg"
	run_ebb_pass insights --svg "$T/other"
	expect_error 73 "$T/other/urges.svg already exists"
	[ "$(ls "$T/other")" = urges.svg ]
	[ "$(cat "$T/other/urges.svg")" = mine ]

	# a file where the directory should be
	echo x >"$T/afile"
	run_ebb_pass insights --svg "$T/afile"
	expect_error 73 'not a directory'
}

@test "--svg on a full or read-only disk: exit 74, and no chart left behind" {
	known_vault
	try_mount "$T/small" 16k
	run_ebb_pass insights --svg "$T/small/charts"
	expect_error 74 'cannot write .*\.svg'
	expect_empty_stdout
	[ ! -e "$T/small/charts" ]

	try_mount "$T/ro" 1m
	mount -o remount,ro "$T/ro" || skip "cannot remount read-only here"
	run_ebb_pass insights --svg "$T/ro/charts"
	expect_error 74 'cannot create'
}

# ---- wording -------------------------------------------------------------

@test "no word that judges, in the text, the JSON or the charts" {
	known_vault
	run_ebb_pass insights
	expect_exit 0
	no_judging "$output"
	no_judging "$stderr"
	run_ebb_pass insights --json --svg "$T/charts"
	expect_exit 0
	no_judging "$output"
	no_judging "$stderr"
	no_judging "$(cat "$T"/charts/*.svg)"
	make_vault --vault "$T/empty.ebb"
	run_ebb_pass --vault "$T/empty.ebb" insights
	no_judging "$output"
	run_ebb_pass --vault "$T/empty.ebb" insights --json
	no_judging "$output"
}

@test "an empty vault reads gently: every section says so in one line" {
	make_vault
	run_ebb_pass insights
	expect_exit 0
	expect_out '^Nothing recorded yet to look back on'
	local title
	for title in 'What you are grieving' Feelings Urges Contact 'The four signs' 'Hard dates'; do
		expect_out "^$title\$"
	done
	expect_out '^  No feelings named yet'
	expect_out '^  No urges noted yet\.$'
	expect_out '^  No contact recorded\.$'
	expect_out '^  No hard dates added yet'
	expect_no_out 'Too early to tell how the mix'
	run_ebb_pass insights --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["has_history"] is False and d["first_day"] is None
assert d["grieving"]["months"] == [] and d["urges"]["weeks"] == []
assert d["contact"]["days_since"] is None and d["hard_dates"]["occurrences"] == []'
	run_ebb_pass insights --svg "$T/charts"
	expect_exit 0
	grep -q 'Nothing to show yet' "$T/charts/waves.svg"
}

# ---- refusals ----------------------------------------------------------------

@test "locked with no passphrase: exit 77, nothing shown, nothing written" {
	known_vault
	run_ebb insights --svg "$T/charts"
	expect_error 77 'locked|passphrase'
	expect_empty_stdout
	[ ! -e "$T/charts" ]
}

@test "bad options: exit 64 before anything is read" {
	make_vault
	run_ebb insights --from 'not a day'
	expect_exit 64
	run_ebb insights --from 2026-03-05 --to 2026-03-01
	expect_error 64 'from is after'
	run_ebb insights extra
	expect_error 64 'extra'
	run_ebb insights --svg ''
	expect_error 64 'directory'
	run_ebb insights --help
	expect_exit 0
	expect_out '^usage: ebb insights'
}

@test "no vault: exit 66" {
	run_ebb insights
	expect_exit 66
}
