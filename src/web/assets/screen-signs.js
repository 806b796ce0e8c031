/*
 * screen-signs.js — the four signs that it is getting lighter, each rated
 * 0 (not at all) to 4 (very much), as `ebb signs` asks them (kind signs).
 * Works while locked.
 */
import {h, messageArea, capital} from './dom.js';
import {post, vocab, unlocked} from './api.js';
import {W} from './words.js';
import {ask, scale} from './widgets.js';

export const name = 'signs';
export const title = 'The four signs';
export const needs = 'vault';

const SCALE = ['not at all', 'a little', 'somewhat', 'mostly', 'very much'];

export async function render(view, ctx) {
	ctx.heading('The four signs');
	view.append(h('p', {class: 'lede'}, 'Four signs that it is getting lighter. For each, how true is it today?'),
		h('p', {class: 'hint'}, SCALE.map((s, i) => `${i} ${s}`).join(', '), '.'));
	const words = await ask(view, ctx, vocab);
	if (!words) return;
	const scales = words.signs.map((s, i) => scale(`${i + 1} of 4. ${capital(s.label)}`,
		{min: 0, max: 4, low: '0 not at all', high: '4 very much', name: `sign-${s.key}`}));
	const save = h('button', {type: 'submit', class: 'primary'}, 'Save the four signs');
	const msg = messageArea();
	const form = h('form', {class: 'stack', novalidate: true}, scales.map((s) => s.el),
		h('div', {class: 'actions'}, save), msg);
	view.append(form);

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const ratings = scales.map((s) => s.value());
		const missing = ratings.findIndex((r) => r === null);
		if (missing >= 0) {
			msg.say('Each of the four needs a number from 0 to 4 before saving.', 'error');
			scales[missing].focus();
			return;
		}
		save.disabled = true;
		try {
			const r = await post('/api/records', {kind: 'signs', body: {ratings}});
			msg.say('Noted. These tend to move slowly, and not in a straight line.', 'ok',
				r.queued ? h('p', {}, W.queued) : null,
				h('p', {}, h('a', {href: '#/'}, unlocked() ? 'Back to today' : 'Back'),
					unlocked() ? [' · ', h('a', {href: '#/insights'}, 'How the signs have moved')] : null));
			scales.forEach((s) => s.reset());
		} catch (err) {
			msg.say(`${err.message} Nothing was saved.`, 'error');
		} finally {
			save.disabled = false;
		}
	});
}
