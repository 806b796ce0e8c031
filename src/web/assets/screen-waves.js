/*
 * screen-waves.js — the waves in the check-ins (GET /api/waves?width=W):
 * the chart ebb draws, each wave's date and peak, the steps from wave to
 * wave and the sentences of `ebb waves`, whose confidence matches the
 * numbers. A hard day is part of a wave, never a step backwards.
 */
import {h, sentence} from './dom.js';
import {get} from './api.js';
import {day} from './words.js';
import {ask, loading} from './widgets.js';
import {chartFigure, measure, onWidthChange} from './charts.js';

export const name = 'waves';
export const title = 'Waves';
export const needs = 'unlock';

export async function render(view, ctx) {
	ctx.heading('Waves');
	view.append(h('p', {class: 'lede'}, 'Healing comes in waves. This finds them in your check-ins and ' +
		'draws them: the smoothed line from 0 (light) to 10 (heaviest), each wave numbered at its peak.'));
	const wait = loading(view);
	const width = measure(view, () => h('div', {class: 'chart-layout'},
		h('section', {class: 'card chart-card'}, h('figure', {class: 'chart-figure'})), h('section', {class: 'card'})));
	const w = await ask(view, ctx, () => get(`/api/waves?width=${width}`), wait);
	if (!w) return;
	ctx.onLeave(onWidthChange(width, () => view.querySelector('.chart-figure'), () => ctx.rerender()));

	const s = w.sentences || {};
	const says = h('div', {class: 'sentences'});
	const put = (text, cls) => {
		if (text) says.append(h('p', {class: cls || ''}, sentence(text)));
	};
	if (s.steps) put(`From one wave to the next: ${s.steps}`);
	put(s.last_step);
	put(s.verdict, 'verdict');
	put(s.needed);
	put(s.rate);
	put(s.baseline);
	const bigger = w.verdicts && ((w.verdicts.waves && w.verdicts.waves.id === 'getting_bigger') ||
		(w.verdicts.baseline && w.verdicts.baseline.id === 'getting_bigger'));
	if (bigger) {
		says.append(h('p', {}, 'If you need someone now: ', h('a', {href: '#/help'}, 'Help now'), '.'));
	}

	const days = w.daily || [];
	if (!days.length) {
		view.append(h('section', {class: 'card', 'aria-labelledby': 'h-none'},
			h('h2', {id: 'h-none'}, 'No check-ins yet'), says,
			h('p', {}, h('a', {href: '#/checkin'}, 'Check in'), ' most days, and the waves will show here.')));
		put(s.wave, 'hint');
		return;
	}

	const first = days[0].date;
	const last = days[days.length - 1].date;
	const years = first.slice(0, 4) !== last.slice(0, 4);
	const span = `${day(first, {year: years})} to ${day(last)}`;

	const waves = w.waves || [];
	const list = waves.length
		? h('ol', {class: 'waves-list'}, waves.map((x) => h('li', {},
			h('span', {class: 'wave-n'}, String(x.number)),
			h('span', {}, `${day(x.date, {year: years})}, peak ${x.height.toFixed(1)}`))))
		: h('p', {}, 'No waves yet.');

	view.append(h('div', {class: 'chart-layout'},
		h('section', {class: 'card chart-card', 'aria-labelledby': 'h-chart'},
			h('h2', {id: 'h-chart'}, `How heavy it has felt, ${span}`), chartFigure(w.svg,
				'Smoothed; 0 light, 10 heaviest. Each wave is numbered at its peak, and hard dates are marked.')),
		h('section', {class: 'card', 'aria-labelledby': 'h-waves'},
			h('h2', {id: 'h-waves'}, waves.length ? `${waves.length} ${waves.length === 1 ? 'wave' : 'waves'}` : 'Waves'),
			list, h('h3', {}, 'What the numbers say'), says)));
	view.append(h('p', {class: 'hint'}, sentence(s.wave || ''),
		' A hard day is part of a wave, never a step backwards.'));
}
