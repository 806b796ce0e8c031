/*
 * screen-checkin.js — a check-in in under ten seconds: how heavy today is
 * (0–10), the feelings that are here, what is being grieved, a note; one
 * Save. Works while locked (the check-in is sealed into the inbox). At the
 * top of the scale the crisis lines show at once, gently, whether or not
 * the check-in is saved.
 */
import {h, messageArea} from './dom.js';
import {post, vocab, unlocked} from './api.js';
import {W} from './words.js';
import {scale, toggles, field, showCrisis, ask} from './widgets.js';

export const name = 'checkin';
export const title = 'Check in';
export const needs = 'vault';

export async function render(view, ctx) {
	ctx.heading('Check in');
	view.append(h('p', {class: 'lede'}, 'How heavy is today? Only the first question needs an answer.'));
	const words = await ask(view, ctx, vocab);
	if (!words) return;

	const heavy = scale('How heavy is today, from 0 (light) to 10 (the heaviest it gets)?',
		{low: '0 light', high: '10 heaviest', name: 'intensity'});
	const crisis = h('div', {class: 'crisis-box', hidden: true, 'aria-live': 'polite'});
	const feelings = toggles('Which feelings are here?', words.feelings,
		{hint: 'Choose any, or none.', cls: 'toggles-words'});
	const grieving = toggles('What are you grieving today?', words.grieving,
		{hint: 'Choose any, or none.', cls: 'toggles-facets'});
	const note = field('A few words about today', {multiline: true, rows: 3, optional: true});
	const save = h('button', {type: 'submit', class: 'primary'}, 'Save check-in');
	const msg = messageArea();
	const form = h('form', {class: 'stack checkin-form', novalidate: true},
		heavy.el, crisis, feelings.el, grieving.el, note.el,
		h('div', {class: 'actions'}, save), msg);
	view.append(form);

	let shownFor = null;
	heavy.onchange = (n) => {
		if (n >= 9 && shownFor !== (n === 10 ? 10 : 9)) {
			shownFor = n === 10 ? 10 : 9;
			showCrisis(crisis, n === 10 ? W.heaviest : W.heavy);
		} else if (n < 9) {
			crisis.hidden = true;
			shownFor = null;
		}
	};

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const n = heavy.value();
		if (n === null) {
			msg.say('Choose how heavy today is, from 0 to 10, and save again.', 'error');
			heavy.focus();
			return;
		}
		const body = {intensity: n};
		if (feelings.values().length) body.feelings = feelings.values();
		if (grieving.values().length) body.grieving = grieving.values();
		if (note.input.value.trim()) body.note = note.input.value.trim();
		save.disabled = true;
		try {
			const r = await post('/api/records', {kind: 'checkin', body});
			const more = [];
			if (r.queued) more.push(h('p', {}, W.queued));
			more.push(h('p', {}, unlocked()
				? h('a', {href: '#/'}, 'Back to today')
				: h('a', {href: '#/'}, 'Unlock to see today'),
			' · ', h('a', {href: '#/signs'}, 'Rate the four signs')));
			msg.say(`Checked in: ${n} out of 10.`, 'ok', ...more);
			heavy.reset();
			feelings.reset();
			grieving.reset();
			note.input.value = '';
			if (n < 9) crisis.hidden = true;
			shownFor = null;
		} catch (err) {
			msg.say(`${err.message} Nothing was saved; your answers are still here.`, 'error');
		} finally {
			save.disabled = false;
		}
	});
}
