/*
 * screen-help.js — Help now: where to find a person right now (GET
 * /api/crisis: the browser's country first), and the safety plan when the
 * vault is unlocked. Works with no vault and while locked; reachable in
 * one step from every screen.
 */
import {h, capital} from './dom.js';
import {unlocked, hasVault, vocab, state} from './api.js';
import {W} from './words.js';
import {crisisData, countryLines, howToReach, loading, problem, scrollables, watchScrollables} from './widgets.js';

export const name = 'help';
export const title = 'Help now';
export const needs = 'none';

function planSection(plan) {
	const parts = (state.vocab && state.vocab.plan_parts) || [];
	const sec = h('section', {class: 'card', 'aria-labelledby': 'h-plan'}, h('h2', {id: 'h-plan'}, 'Your safety plan'));
	if (!unlocked()) {
		sec.append(h('p', {}, hasVault()
			? 'Your safety plan shows here once the vault is unlocked.'
			: 'A safety plan can be written once your vault is made.'));
		return sec;
	}
	const written = plan && parts.filter((p) => plan[p.key]);
	if (!written || !written.length) {
		sec.append(h('p', {}, 'Your safety plan is empty. ', h('a', {href: '#/plan'}, 'Write it on a calmer day'),
			', for a day that is not.'));
		return sec;
	}
	const dl = h('dl', {class: 'plan-view'});
	for (const p of written) dl.append(h('dt', {}, capital(p.label)), h('dd', {}, plan[p.key]));
	sec.append(dl, h('p', {}, h('a', {href: '#/plan'}, 'Change your plan')));
	return sec;
}

export async function render(view, ctx) {
	ctx.heading('Help now');
	view.append(h('p', {class: 'lede urgent'}, W.danger));
	const wait = loading(view);
	let data;
	try {
		if (unlocked()) await vocab().catch(() => null);
		data = await crisisData({fresh: true});
	} catch (err) {
		wait.remove();
		view.append(problem(err, () => ctx.rerender()),
			h('p', {}, 'Your local emergency number: 112 across Europe, 911 in the US and Canada, ' +
				'999 in the UK, 000 in Australia. Helplines in every country: ',
			h('a', {href: 'https://findahelpline.com', rel: 'noreferrer', target: '_blank'}, 'findahelpline.com'), '.'));
		return;
	}
	wait.remove();
	if (!ctx.alive()) return;

	const countries = data.countries || [];
	const first = data.country ? countries.find((c) => c.code === data.country) : null;
	if (first) {
		view.append(h('section', {class: 'card crisis-first', 'aria-labelledby': 'h-first'},
			h('h2', {id: 'h-first'}, first.name),
			h('ul', {class: 'crisis-lines big'}, countryLines(first))));
	}

	const anywhere = h('section', {class: 'card', 'aria-labelledby': 'h-anywhere'},
		h('h2', {id: 'h-anywhere'}, 'Anywhere'),
		h('ul', {class: 'crisis-lines'}, (data.directories || []).map((d) => h('li', {},
			h('a', {href: d.url, rel: 'noreferrer', target: '_blank'}, d.url.replace(/^https:\/\//, '')),
			`: ${d.about}`))),
		data.note ? h('p', {}, data.note) : null);
	view.append(anywhere);

	const rows = countries.filter((c) => c !== first).map((c) => h('tr', {},
		h('th', {scope: 'row'}, c.name),
		h('td', {}, c.emergency.join(' or ')),
		h('td', {}, c.lines.map((l, i) => h('span', {class: 'line'}, i ? '; ' : '',
			howToReach(l), l.name === l.numbers[0] ? '' : ` (${l.name})`)))));
	view.append(h('section', {class: 'card', 'aria-labelledby': 'h-countries'},
		h('h2', {id: 'h-countries'}, 'By country: emergency number, then someone to talk to'),
		h('div', {class: 'table-wrap'}, h('table', {class: 'crisis-table'},
			h('caption', {class: 'visually-hidden'}, 'Crisis lines by country'),
			h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Country'), h('th', {scope: 'col'}, 'Emergency'),
				h('th', {scope: 'col'}, 'Someone to talk to'))),
			h('tbody', {}, rows))),
		h('p', {class: 'meta'}, `Checked ${data.checked}. Numbers change: findahelpline.com is kept up to date.`)));

	view.append(planSection(data.plan));
	scrollables(view);
	ctx.onLeave(watchScrollables(view));
	view.append(h('p', {}, W.notTherapy));
	view.append(h('p', {class: 'hint'}, 'To leave this page quickly, press Esc twice or use Quick exit: ' +
		'it locks ebb and opens a plain page.'));
}
