/*
 * screen-urge.js — the urge moment, one calm step at a time, as `ebb urge`
 * walks it: name it, see your own reasons for leaving, breathe (in for
 * four, out for six), then choose what to do and note it (kind urge).
 * Felt and acted on are counted apart; reaching out is noted without
 * judgement. Works while locked: the reasons then wait for the unlock.
 */
import {h, clear, messageArea} from './dom.js';
import {get, post, vocab, unlocked} from './api.js';
import {W, urgeWords} from './words.js';
import {choice, scale, field, ask, loading} from './widgets.js';
import {breather} from './breathe.js';

export const name = 'urge';
export const title = "I'm having an urge";
export const needs = 'vault';

async function showReasons(box) {
	clear(box);
	if (!unlocked()) {
		box.append(h('p', {}, 'Your own reasons for leaving would be here. They appear once the ' +
			'vault is unlocked; you can go on without them.'));
		return;
	}
	const wait = loading(box, 'Finding your reasons…');
	try {
		const list = await get('/api/records?kind=reason&limit=500', {quiet423: true});
		wait.remove();
		if (!list.length) {
			box.append(h('p', {}, "None written down yet. When you're ready, ",
				h('a', {href: '#/reasons'}, 'your reasons'), ' keeps them here for moments like this one.'));
			return;
		}
		box.append(h('p', {}, 'Your own reasons for leaving, in your words:'),
			h('ul', {class: 'reasons-quote'}, list.map((r) => h('li', {}, r.body.text))));
	} catch (err) {
		wait.remove();
		box.append(h('p', {}, err.status === 423
			? 'Your own reasons for leaving would be here. They appear once the vault is unlocked; ' +
				'you can go on without them.'
			: err.message));
	}
}

export async function render(view, ctx) {
	ctx.heading("I'm having an urge");
	view.append(h('p', {class: 'lede'}, "An urge is here. Let's take it one step at a time. " +
		'Every step can be skipped.'));
	const words = await ask(view, ctx, vocab);
	if (!words) return;

	const forWhat = choice('What is the urge for?', words.urge_for, {name: 'urge-for'});
	const strength = scale('How strong is it, from 0 to 10?', {low: '0 faint', high: '10 strongest',
		name: 'urge-strength', hint: 'If you want to note it.'});
	const feeling = choice('What feeling is underneath it? Name the closest one.',
		words.feelings, {name: 'urge-feeling', cls: 'choices-words'});
	const reasons = h('div', {class: 'reasons-box'});
	const breath = breather();
	ctx.onLeave(breath.stop);
	const did = choice('What did you do with it, or what are you doing now?', words.urge_did,
		{name: 'urge-did'});
	const note = field('Anything else about this moment?', {multiline: true, rows: 3, optional: true});
	const msg = messageArea();
	const save = h('button', {type: 'submit', class: 'primary'}, 'Save this moment');

	const steps = [
		{title: 'Name it', body: [forWhat.el, strength.el]},
		{title: 'The feeling underneath', body: [feeling.el]},
		{title: 'Your reasons', body: [reasons], enter: () => showReasons(reasons)},
		{title: 'A pause', body: [
			h('p', {}, 'Before choosing anything, a pause. Breathe in slowly for four, and out for six. ' +
				'A few times, no hurry.'),
			breath.el,
			h('p', {class: 'feeling-line'}, W.feeling)],
		leave: breath.stop},
		{title: 'What you do with it', body: [did.el,
			h('p', {class: 'hint'}, 'Whatever you choose, it is noted without judgement. Urges you ' +
				'acted on are counted apart from urges you let pass.'),
			note.el, h('div', {class: 'actions'}, save), msg]},
	];

	const form = h('form', {class: 'urge-flow', novalidate: true});
	const sections = steps.map((s, i) => {
		const head = h('h2', {tabindex: '-1'},
			h('span', {class: 'step-count'}, `Step ${i + 1} of ${steps.length}`,
				h('span', {class: 'visually-hidden'}, ': ')), s.title);
		const nav = h('div', {class: 'actions step-nav'});
		if (i > 0) nav.append(h('button', {type: 'button', class: 'secondary', onclick: () => show(i - 1)}, 'Back'));
		if (i < steps.length - 1) nav.append(h('button', {type: 'button', class: 'primary', onclick: () => show(i + 1)}, 'Next'));
		const sec = h('section', {class: 'step', hidden: i !== 0}, head, s.body, nav);
		form.append(sec);
		return {sec, head};
	});
	view.append(form);

	let current = 0;
	function show(i) {
		if (steps[current].leave) steps[current].leave();
		sections[current].sec.hidden = true;
		current = i;
		sections[i].sec.hidden = false;
		if (steps[i].enter) steps[i].enter();
		sections[i].head.focus();
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = {};
		if (strength.value() !== null) body.intensity = strength.value();
		if (forWhat.value()) body.for = forWhat.value();
		if (feeling.value()) body.feeling = feeling.value();
		if (did.value()) body.did = did.value();
		if (note.input.value.trim()) body.note = note.input.value.trim();
		save.disabled = true;
		try {
			const r = await post('/api/records', {kind: 'urge', body});
			breath.stop();
			const done = h('section', {class: 'step done'},
				h('h2', {tabindex: '-1'}, 'Saved'),
				h('p', {class: 'big-line'}, urgeWords(body.did)),
				r.queued ? h('p', {}, W.queued) : null);
			const week = h('div', {});
			done.append(week, h('div', {class: 'actions'},
				h('a', {href: '#/', class: 'button-link'}, unlocked() ? 'Back to today' : 'Back'),
				h('a', {href: '#/write', class: 'button-link secondary'}, 'Write it down'),
				h('a', {href: '#/help', class: 'button-link secondary'}, 'Help now')));
			form.replaceWith(done);
			done.querySelector('h2').focus();
			if (unlocked()) {
				try {
					const t = await get('/api/today', {quiet423: true});
					const u = t.letting_go.urges;
					week.append(h('p', {}, `Urges in the last 7 days: ${u.total}. Let pass: ${u.let_pass}. ` +
						`Acted on: ${u.acted_on}.`));
				} catch {
					/* the counts are a kindness, not needed */
				}
			}
		} catch (err) {
			msg.say(`${err.message} Nothing was saved; your answers are still here.`, 'error');
			save.disabled = false;
		}
	});
}
