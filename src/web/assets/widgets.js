/*
 * widgets.js — the form pieces every screen shares: the 0–10 scale, toggle
 * buttons, single choices, labelled text fields, an inline "are you
 * sure?", loading and error states, and the crisis lines.
 */
import {h, uid, clear, append} from './dom.js';
import {get, query} from './api.js';
import {W} from './words.js';

/*
 * A row of radio buttons from min to max in a fieldset: the legend, the
 * words for both ends. Returns {el, value(), set(n), reset(), onchange}.
 */
export function scale(legend, {min = 0, max = 10, low = '', high = '', name = uid('scale'),
	hint = ''} = {}) {
	const hintId = hint ? uid('hint') : null;
	const row = h('div', {class: max - min > 5 ? 'scale-row is-long' : 'scale-row'});
	const inputs = [];
	const api = {onchange: null};
	for (let n = min; n <= max; n++) {
		const id = uid('r');
		const input = h('input', {type: 'radio', name, id, value: String(n), class: 'scale-input'});
		input.addEventListener('change', () => api.onchange && api.onchange(n));
		inputs.push(input);
		row.append(h('span', {class: 'scale-item'}, input, h('label', {for: id}, String(n))));
	}
	const ends = h('div', {class: 'scale-ends', 'aria-hidden': 'true'},
		h('span', {}, low), h('span', {}, high));
	api.el = h('fieldset', {class: 'scale', 'aria-describedby': hintId},
		h('legend', {}, legend),
		hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
		row, low || high ? ends : null);
	api.value = () => {
		const on = inputs.find((i) => i.checked);
		return on ? Number(on.value) : null;
	};
	api.set = (n) => {
		for (const i of inputs) i.checked = Number(i.value) === n;
	};
	api.reset = () => api.set(null);
	api.focus = () => (inputs.find((i) => i.checked) || inputs[0]).focus();
	return api;
}

/*
 * Toggle buttons (aria-pressed) for a list of {key, label}, any number on
 * at once, in a group named by heading. Returns {el, values(), reset()}.
 */
export function toggles(heading, list, {hint = '', cls = ''} = {}) {
	const headId = uid('g');
	const hintId = hint ? uid('hint') : null;
	const box = h('div', {class: `toggles ${cls}`.trim()});
	const buttons = list.map((w) => {
		const b = h('button', {type: 'button', class: 'toggle', 'aria-pressed': 'false',
			'data-key': w.key}, w.label);
		b.addEventListener('click', () => {
			b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
		});
		box.append(b);
		return b;
	});
	const el = h('div', {class: 'field group', role: 'group', 'aria-labelledby': headId,
		'aria-describedby': hintId},
	h('p', {class: 'group-label', id: headId}, heading),
	hint ? h('p', {class: 'hint', id: hintId}, hint) : null, box);
	return {
		el,
		values: () => buttons.filter((b) => b.getAttribute('aria-pressed') === 'true')
			.map((b) => b.dataset.key),
		reset: () => buttons.forEach((b) => b.setAttribute('aria-pressed', 'false')),
	};
}

/*
 * Radio buttons for a list of {key, label} in a fieldset; one at most.
 * Returns {el, value(), reset(), focus()}.
 */
export function choice(legend, list, {name = uid('c'), hint = '', cls = '', value = null,
	optional = false} = {}) {
	const hintId = hint ? uid('hint') : null;
	const inputs = [];
	const box = h('div', {class: `choices ${cls}`.trim()});
	for (const w of list) {
		const id = uid('o');
		const input = h('input', {type: 'radio', name, id, value: w.key, checked: w.key === value});
		inputs.push(input);
		box.append(h('div', {class: 'choice'}, input, h('label', {for: id}, w.label)));
	}
	const el = h('fieldset', {class: 'field', 'aria-describedby': hintId},
		h('legend', {}, legend, optional ? h('span', {class: 'optional'}, ' (optional)') : null),
		hint ? h('p', {class: 'hint', id: hintId}, hint) : null, box);
	return {
		el,
		inputs,
		value: () => {
			const on = inputs.find((i) => i.checked);
			return on ? on.value : null;
		},
		reset: () => inputs.forEach((i) => (i.checked = false)),
		focus: () => (inputs.find((i) => i.checked) || inputs[0]).focus(),
	};
}

/*
 * A labelled input or textarea with an optional hint. Returns {el, input}.
 * opts: multiline, rows, type, hint, required, autocomplete, value, maxlength.
 */
export function field(labelText, opts = {}) {
	const id = uid('f');
	const hintId = opts.hint ? uid('hint') : null;
	const attrs = {id, name: opts.name || id, 'aria-describedby': hintId, required: opts.required,
		autocomplete: opts.autocomplete || 'off', maxlength: opts.maxlength,
		spellcheck: opts.spellcheck};
	const input = opts.multiline
		? h('textarea', {...attrs, rows: opts.rows || 4})
		: h('input', {...attrs, type: opts.type || 'text', min: opts.min, max: opts.max,
			inputmode: opts.inputmode});
	if (opts.value !== undefined) input.value = opts.value;
	const el = h('div', {class: `field ${opts.cls || ''}`.trim()},
		h('label', {for: id}, labelText, opts.optional ? h('span', {class: 'optional'}, ' (optional)') : null),
		opts.hint ? h('p', {class: 'hint', id: hintId}, opts.hint) : null,
		input);
	return {el, input};
}

/*
 * Asks in place before something is removed for good: the question, a
 * button that does it and one that keeps it. Focus goes to the question;
 * keeping it gives focus back to `back`. Returns the element.
 */
export function confirmInline(question, yesLabel, onYes, back, noLabel = 'Keep it') {
	const qid = uid('q');
	const p = h('p', {id: qid, tabindex: '-1', class: 'confirm-q'}, question);
	const yes = h('button', {type: 'button', class: 'danger'}, yesLabel);
	const no = h('button', {type: 'button', class: 'secondary'}, noLabel);
	const box = h('div', {class: 'confirm', role: 'group', 'aria-labelledby': qid}, p,
		h('div', {class: 'actions'}, yes, no));
	yes.addEventListener('click', async () => {
		yes.disabled = true;
		no.disabled = true;
		try {
			await onYes();
		} finally {
			yes.disabled = false;
			no.disabled = false;
		}
	});
	no.addEventListener('click', () => {
		box.remove();
		if (back) back.focus();
	});
	queueMicrotask(() => p.focus());
	return box;
}

/*
 * Tables wider than their place scroll sideways; such a wrapper becomes a
 * focusable, named region so the keyboard can scroll it too. Call after
 * the tables are on the page (and again when the width changes).
 */
export function scrollables(root) {
	for (const wrap of root.querySelectorAll('.table-wrap')) {
		const caption = wrap.querySelector('caption');
		if (wrap.scrollWidth > wrap.clientWidth + 1) {
			wrap.setAttribute('tabindex', '0');
			wrap.setAttribute('role', 'region');
			wrap.setAttribute('aria-label', caption ? caption.textContent : 'Table');
		} else {
			wrap.removeAttribute('tabindex');
			wrap.removeAttribute('role');
			wrap.removeAttribute('aria-label');
		}
	}
}

/* Keeps scrollables(root) true while the window changes size; returns a stop. */
export function watchScrollables(root) {
	const again = () => scrollables(root);
	requestAnimationFrame(again);
	window.addEventListener('resize', again);
	return () => window.removeEventListener('resize', again);
}

/* A quiet "loading" line in el. */
export function loading(el, text = 'Loading…') {
	const p = h('p', {class: 'loading', role: 'status'}, text);
	el.append(p);
	return p;
}

/*
 * What a screen asks for before it can draw: load()'s answer, or null
 * when the screen has nothing to draw. That is when the request failed
 * (an error box with "Try again" goes into view; a locked vault is left
 * to the unlock screen) or the person has left the screen meanwhile.
 * wait: the loading line, removed either way.
 */
export async function ask(view, ctx, load, wait = null) {
	let answer;
	try {
		answer = await load();
	} catch (err) {
		if (wait) wait.remove();
		if (err.status !== 423) view.append(problem(err, () => ctx.rerender()));
		return null;
	}
	if (wait) wait.remove();
	return ctx.alive() ? answer : null;
}

/* An error box with a "Try again" button calling retry. */
export function problem(err, retry) {
	return h('div', {class: 'msg msg-error', role: 'alert'},
		h('p', {}, err && err.message ? err.message : 'Something went wrong. Please try again.'),
		retry ? h('button', {type: 'button', class: 'secondary', onclick: retry}, 'Try again') : null);
}

/* ---- crisis lines ------------------------------------------------------ */

/* The country of the browser's language, "GB" from "en-GB", or "". */
export function browserCountry() {
	for (const tag of navigator.languages || [navigator.language || '']) {
		const m = /^[a-z]{2,3}[-_]([A-Z]{2})\b/i.exec(tag || '');
		if (m) return m[1].toUpperCase();
	}
	return '';
}

let crisisCache = null;

/* GET /api/crisis for this browser's country: cached (the lines do not
 * change), unless fresh is asked for, as Help now does to show the plan. */
export async function crisisData({fresh = false} = {}) {
	if (!crisisCache || fresh) {
		crisisCache = await get(`/api/crisis${query({country: browserCountry()})}`);
	}
	return crisisCache;
}

/* Forgets what was fetched (quick exit, lock). */
export function forgetCrisis() {
	crisisCache = null;
}

/* A phone number as a tel: link. */
function tel(number) {
	return h('a', {href: `tel:${number.replace(/[^0-9+]/g, '')}`, class: 'tel'}, number);
}

/* "call 116 123", "call or text 988", "text SHOUT to 85258" as nodes. */
export function howToReach(line) {
	const nums = [];
	line.numbers.forEach((n, i) => {
		if (i) nums.push(' or ');
		nums.push(tel(n));
	});
	if (line.call && line.text) return ['call or text ', nums];
	if (line.text && line.text_word) return [`text ${line.text_word} to `, nums];
	if (line.text) return ['text ', nums];
	return ['call ', nums];
}

/* One country's numbers as list items. */
export function countryLines(c) {
	const items = [h('li', {}, `Emergency services (${c.name}): call `,
		c.emergency.flatMap((n, i) => (i ? [' or ', tel(n)] : [tel(n)])))];
	for (const l of c.lines) {
		const plain = l.name === l.numbers[0];
		items.push(h('li', {}, capitalFirst(howToReach(l)),
			plain ? (l.always_open ? ' (24/7)' : '') : ` (${l.name}${l.always_open ? ', 24/7' : ''})`));
	}
	return items;
}

function capitalFirst(nodes) {
	if (typeof nodes[0] === 'string') nodes[0] = nodes[0].charAt(0).toUpperCase() + nodes[0].slice(1);
	return nodes;
}

/*
 * The short crisis block (as `ebb checkin 10` prints it): the first
 * country's lines when the country is known, else the lines ebb promises
 * everywhere, then the directory; and a link to the full help page.
 */
export function crisisShort(data, intro = W.danger) {
	const box = h('div', {class: 'crisis'});
	box.append(h('p', {}, intro));
	const list = h('ul', {class: 'crisis-lines'});
	if (data && data.country) {
		const c = data.countries.find((x) => x.code === data.country) || data.countries[0];
		append(list, countryLines(c));
	} else {
		list.append(h('li', {}, 'Your local emergency number: 112 across Europe, 911 in the US and ' +
			'Canada, 999 in the UK, 000 in Australia'));
		for (const [code, where] of [['US', 'US and Canada'], ['GB', 'UK and Ireland'], ['AU', 'Australia']]) {
			const c = data && data.countries.find((x) => x.code === code);
			if (c && c.lines[0]) {
				list.append(h('li', {}, `${where}: `, howToReach(c.lines[0]), ` (${c.lines[0].name})`));
			}
		}
	}
	if (data && data.directories && data.directories[0]) {
		const d = data.directories[0];
		list.append(h('li', {}, 'Anywhere: ', h('a', {href: d.url, rel: 'noreferrer', target: '_blank'},
			d.url.replace(/^https:\/\//, '')), ` (${d.about})`));
	}
	box.append(list, h('p', {}, h('a', {href: '#/help'}, 'Every line, and your safety plan: Help now')));
	return box;
}

/* Fills el with the short crisis block, fetching the lines first. */
export async function showCrisis(el, intro) {
	clear(el);
	el.hidden = false;
	let data = null;
	try {
		data = await crisisData();
	} catch {
		data = null;
	}
	el.append(crisisShort(data, intro));
}
