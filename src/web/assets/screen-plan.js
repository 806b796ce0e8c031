/*
 * screen-plan.js — the safety plan (kind plan): six parts written on a
 * calmer day, for a day that is not. The latest revision is the plan, so
 * a plan that exists is changed with PUT and the first one made with POST.
 */
import {h, messageArea, capital} from './dom.js';
import {get, post, put, vocab} from './api.js';
import {when} from './words.js';
import {field, ask, loading} from './widgets.js';

export const name = 'plan';
export const title = 'My safety plan';
export const needs = 'unlock';

/* What each part is for (as `ebb plan edit` explains them). */
const HINTS = {
	'warning-signs': 'Thoughts, feelings, places or times that tell you a hard moment is coming.',
	alone: 'What calms or comforts you without anyone else: a walk, music, a shower, slow breaths.',
	distractions: 'A friend to talk about anything else with, a cafe, a park, a film.',
	people: 'People you can ask for help, and how to reach them.',
	professionals: 'Your doctor or therapist, and crisis lines (Help now lists some).',
	safe: 'How to make where you are safer when things are at their worst.',
};

export async function render(view, ctx) {
	ctx.heading('My safety plan');
	const intro = h('p', {class: 'lede'}, 'A safety plan is something you write on a calmer day, for a day ' +
		'that is not. When everything feels too heavy it is hard to think clearly, so the plan has done ' +
		'the thinking already: the signs that a hard time is coming, what helps, who you can reach, and ' +
		'how to keep yourself safe. It is yours, and it stays in your vault.');
	view.append(intro);
	const wait = loading(view);
	const got = await ask(view, ctx, async () => [await vocab(), await get('/api/records?kind=plan&limit=1')],
		wait);
	if (!got) return;
	const [words, plans] = got;
	let plan = plans[0];

	const status = h('p', {class: 'meta'}, plan ? `Last changed ${when(plan.at)}.` : 'Not written yet. ' +
		'A part can stay empty.');
	const fields = words.plan_parts.map((p) => ({key: p.key,
		f: field(capital(p.label), {multiline: true, rows: 3, hint: HINTS[p.key],
			value: plan && plan.body[p.key] ? plan.body[p.key] : ''})}));
	const save = h('button', {type: 'submit', class: 'primary'}, 'Keep my plan');
	const msg = messageArea();
	const form = h('form', {class: 'stack plan-form', novalidate: true}, status,
		fields.map((x) => x.f.el), h('div', {class: 'actions'}, save), msg,
		h('p', {}, 'If you need someone right now: ', h('a', {href: '#/help'}, 'Help now'), '.'));
	view.append(form);

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = {};
		for (const x of fields) {
			const v = x.f.input.value.trim();
			if (v) body[x.key] = v;
		}
		const keys = new Set([...Object.keys(body), ...Object.keys(plan ? plan.body : {})]);
		const same = plan && [...keys].every((k) => (plan.body[k] || '') === (body[k] || ''));
		if (same || (!plan && !Object.keys(body).length)) {
			msg.say('Nothing changed; your plan is as it was.', 'info');
			return;
		}
		save.disabled = true;
		try {
			if (plan) {
				const r = await put(`/api/records/${plan.id}`, {body});
				plan = {...plan, body, rev: r.rev};
			} else {
				const r = await post('/api/records', {kind: 'plan', body});
				plan = {id: r.id, at: new Date().toISOString(), body, rev: 1};
			}
			status.textContent = `Last changed ${when(new Date().toISOString())}.`;
			msg.say('Your safety plan is kept. Help now shows it too, for the moments you need it.', 'ok');
		} catch (err) {
			msg.say(`${err.message} Your words are still here.`, 'error');
		} finally {
			save.disabled = false;
		}
	});
}
