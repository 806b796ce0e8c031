/*
 * screen-insights.js — what the records say (GET /api/insights?width=W),
 * in the plain sections of `ebb insights`: what you are grieving, feelings,
 * urges, contact, the four signs, hard dates. Each chart keeps a text
 * summary (a sentence and a small table) beside it. Counts, never a
 * verdict.
 */
import {h, sentence} from './dom.js';
import {get, vocab, label} from './api.js';
import {day} from './words.js';
import {ask, loading, scrollables, watchScrollables} from './widgets.js';
import {chartFigure, measure, onWidthChange} from './charts.js';

export const name = 'insights';
export const title = 'Insights';
export const needs = 'unlock';

const MONTHS_SHOWN = 6;
const WEEKS_SHOWN = 8;
const FEELINGS_SHOWN = 8;
const DATES_SHOWN = 10;

function section(id, title, ...kids) {
	return h('section', {class: 'card insight', 'aria-labelledby': id}, h('h2', {id}, title), ...kids);
}

/* The chart and its text summary side by side (one above the other when
 * narrow); without a chart, the summary alone. */
function pair(svg, ...summary) {
	if (!svg) return h('div', {class: 'insight-summary'}, ...summary);
	return h('div', {class: 'insight-pair'}, chartFigure(svg), h('div', {class: 'insight-summary'}, ...summary));
}

function table(caption, heads, rows, {numeric = true} = {}) {
	return h('div', {class: 'table-wrap'}, h('table', {},
		h('caption', {}, caption),
		h('thead', {}, h('tr', {}, heads.map((x, i) => h('th', {scope: 'col', class: i && numeric ? 'num' : ''}, x)))),
		h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0
			? h('th', {scope: 'row'}, c)
			: h('td', {class: numeric ? 'num' : ''}, String(c)))))))));
}

const p = (text, cls) => (text ? h('p', {class: cls || ''}, text) : null);

function grieving(ins, svg, words) {
	const g = ins.grieving || {};
	const months = g.months || [];
	const named = months.reduce((n, m) => n + (m.named || 0), 0);
	if (!named) {
		return section('h-grieving', 'What you are grieving',
			p('Nothing named yet about what you are grieving; a check-in can name it.'));
	}
	const facets = g.facets || words.grieving.map((w) => ({name: w.key, label: w.label}));
	const shown = months.slice(-MONTHS_SHOWN);
	return section('h-grieving', 'What you are grieving', p(g.sentence), pair(svg,
		table(`Check-ins naming each, by month${months.length > shown.length ? ` (the last ${shown.length})` : ''}`,
			['month', ...facets.map((f) => f.name)],
			shown.map((m) => [m.month, ...facets.map((f) => (m.counts && m.counts[f.name]) || 0)])),
		p(`Each number counts the check-ins that named it: ${facets.map((f) => `${f.name} means ${f.label}`)
			.join('; ')}.`, 'hint')));
}

function feelings(ins, svg) {
	const f = ins.feelings || {};
	if (!f.named) return section('h-feelings', 'Feelings', p(f.sentence || 'No feelings named yet.'));
	const counts = Object.entries(f.counts || {}).filter(([, n]) => n > 0)
		.sort((a, b) => b[1] - a[1]).slice(0, FEELINGS_SHOWN);
	return section('h-feelings', 'Feelings', p(f.sentence), p(f.change_sentence), pair(svg,
		table(`The feelings named most often, of ${f.named} check-ins that named a feeling`,
			['feeling', 'times'], counts.map(([k, n]) => [label('feelings', k), n]))));
}

function urges(ins, svg, words) {
	const u = ins.urges || {};
	if (!u.all || !u.all.felt) return section('h-urges', 'Urges', p(u.sentence || 'No urges noted yet.'));
	const weeks = (u.weeks || []).slice(-WEEKS_SHOWN);
	const did = [];
	for (const w of words.urge_did) if (u.did && u.did[w.key]) did.push(`${w.key} ${u.did[w.key]}`);
	if (u.did && u.did.not_noted) did.push(`not noted ${u.did.not_noted}`);
	return section('h-urges', 'Urges', p(u.sentence), p(u.recent_sentence), pair(svg,
		table(`Urges week by week${(u.weeks || []).length > weeks.length ? ` (the last ${weeks.length})` : ''}`,
			['week of', 'felt', 'acted on', 'let pass'],
			weeks.map((w) => [day(w.week), w.felt, w.acted_on, w.let_pass])),
		did.length ? p(`What you did with them: ${did.join(', ')}.`) : null),
		p('A feeling is not an instruction. Felt and acted on are counted apart, and neither is judged.', 'hint'));
}

function contact(ins) {
	const c = ins.contact || {};
	const kids = [p(c.sentence || 'No contact recorded.')];
	if (c.count) {
		if (c.last) kids.push(p(`Days since the last contact: ${c.days_since} (on ${day(c.last)}).`));
		const unsaid = c.count - (c.by_me || 0) - (c.by_them || 0);
		kids.push(p(`Contacts recorded: ${c.count} (you reached out ${c.by_me || 0}, they did ${c.by_them || 0}, ` +
			`not said ${unsaid}).`));
	}
	return section('h-contact', 'Contact', ...kids);
}

function median(m) {
	if (typeof m !== 'number' || !Number.isFinite(m)) return '-';
	const halves = Math.round(m * 2);
	return `${Math.floor(halves / 2)}${halves % 2 ? '.5' : ''}`;
}

function signs(ins, svg) {
	const list = ins.signs || [];
	const rated = list.reduce((n, s) => n + ((s.weeks || []).length), 0);
	if (!rated) {
		return section('h-signs', 'The four signs', p('The four signs are not rated yet.'),
			h('p', {}, h('a', {href: '#/signs'}, 'Rate the four signs'), ', from 0 (not at all) to 4 (very much).'));
	}
	return section('h-signs', 'The four signs',
		p('Each rated from 0 (not at all) to 4 (very much); a week counts as the middle (median) of its ratings.'),
		pair(svg, h('ul', {class: 'plain-list spaced'}, list.map((s) => h('li', {}, p(sentence(s.sentence)),
			s.latest ? p(`Latest weekly median: ${median(s.latest.median)} (week of ${day(s.latest.week)}); ` +
				`rated in ${(s.weeks || []).length} ${(s.weeks || []).length === 1 ? 'week' : 'weeks'}.`, 'meta') : null)))),
		h('p', {}, h('a', {href: '#/signs'}, 'Rate the four signs today')));
}

function hardDates(ins, svg) {
	const d = ins.hard_dates || {};
	if (!d.count) {
		return section('h-hard', 'Hard dates', h('p', {}, 'No hard dates added yet; ',
			h('a', {href: '#/dates'}, 'add one'), ', and they are marked here.'));
	}
	const occ = d.occurrences || [];
	const shown = occ.slice(-DATES_SHOWN);
	return section('h-hard', 'Hard dates', p(d.sentence), pair(svg,
		occ.length
			? h('ul', {class: 'plain-list'}, shown.map((o) => h('li', {}, `${day(o.day)}: ${o.label || 'a hard date'}` +
				(o.years > 0 ? ` (${o.years} ${o.years === 1 ? 'year' : 'years'} on)` : ''))))
			: p('None of your hard dates came round in the days your records cover.')));
}

export async function render(view, ctx) {
	ctx.heading('Insights');
	const lede = h('p', {class: 'lede'}, 'What your records say. Counts, never a verdict on you.');
	view.append(lede);
	const wait = loading(view);
	const width = measure(view, () => h('section', {class: 'card insight'},
		h('div', {class: 'insight-pair'}, h('figure', {class: 'chart-figure'}), h('div', {}))));
	const got = await ask(view, ctx, async () => [await vocab(), await get(`/api/insights?width=${width}`)],
		wait);
	if (!got) return;
	const [words, ins] = got;
	ctx.onLeave(onWidthChange(width, () => view.querySelector('.chart-figure'), () => ctx.rerender()));
	const svg = ins.svg || {};
	if (ins.has_history) {
		lede.textContent = `What your records say, from ${day(ins.first_day)} to ${day(ins.last_day)}. ` +
			'Counts, nothing more.';
	} else {
		lede.textContent = 'Nothing recorded yet to look back on. Each part below fills in as you check in, ' +
			'note urges and rate the signs.';
	}
	view.append(h('nav', {class: 'toc', 'aria-label': 'Sections'}, h('ul', {},
		[['h-grieving', 'What you are grieving'], ['h-feelings', 'Feelings'], ['h-urges', 'Urges'],
			['h-contact', 'Contact'], ['h-signs', 'The four signs'], ['h-hard', 'Hard dates']]
			.map(([id, t]) => h('li', {}, h('a', {href: `#/insights`, 'data-target': id, onclick: (e) => {
				e.preventDefault();
				const el = document.getElementById(id);
				if (el) {
					el.setAttribute('tabindex', '-1');
					el.focus();
				}
			}}, t))))));
	view.append(
		grieving(ins, svg.facets, words),
		feelings(ins, svg.feelings),
		urges(ins, svg.urges, words),
		contact(ins),
		signs(ins, svg.signs),
		hardDates(ins, svg.waves));
	scrollables(view);
	ctx.onLeave(watchScrollables(view));
}
