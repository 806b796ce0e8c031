/*
 * dom.js — building the page safely. Every piece of text goes in through
 * textContent (never innerHTML): h() makes an element from a tag, its
 * properties and its children, strings becoming text nodes. The one
 * exception is the home screen, which ebb serve draws and escapes itself
 * (src/web/home.c; screen-home.js).
 */

/* Properties set as DOM properties; everything else becomes an attribute. */
const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'required', 'selected',
	'readOnly', 'htmlFor', 'tabIndex', 'defaultValue']);

let counter = 0;

/* A fresh id for label/aria wiring: "p-12". */
export function uid(prefix = 'id') {
	counter += 1;
	return `${prefix}-${counter}`;
}

/* Appends children: nodes, strings (as text), arrays; null and false skipped. */
export function append(el, ...kids) {
	for (const kid of kids.flat(Infinity)) {
		if (kid === null || kid === undefined || kid === false) continue;
		el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
	}
	return el;
}

/*
 * h('button', {class: 'primary', type: 'button', onclick: fn}, 'Save').
 * "class" sets className, "text" sets textContent, "for" sets htmlFor,
 * on* adds a listener; null, undefined and false values are skipped.
 */
export function h(tag, props, ...kids) {
	const el = document.createElement(tag);
	for (const [key, v] of Object.entries(props || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (key === 'class') el.className = v;
		else if (key === 'text') el.textContent = v;
		else if (key === 'for') el.htmlFor = v;
		else if (key.startsWith('on') && typeof v === 'function')
			el.addEventListener(key.slice(2), v);
		else if (PROPS.has(key)) el[key] = v;
		else el.setAttribute(key, v === true ? '' : String(v));
	}
	return append(el, kids);
}

/* Removes every child of el. */
export function clear(el) {
	el.replaceChildren();
	return el;
}

/* A capital first letter and a full stop, as the command line prints a
 * sentence of its own. */
export function sentence(s) {
	if (!s) return '';
	let t = s.trim();
	t = t.charAt(0).toUpperCase() + t.slice(1);
	return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/* "a few words" -> "A few words" */
export function capital(s) {
	return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
}

/*
 * A message area: role=status so saved and error messages are heard.
 * say(text, kind) shows text ("ok", "error" or "info"); say('') hides it.
 */
export function messageArea(extraClass = '') {
	return speaking(h('div', {class: `msg ${extraClass}`.trim(), role: 'status'}), extraClass);
}

/* Gives a message area the server drew (a div.msg with role=status) its
 * say(); returns el. */
export function speaking(el, extraClass = '') {
	el.say = (text, kind = 'ok', ...more) => {
		el.className = `msg ${extraClass} msg-${kind}`.trim();
		clear(el);
		if (!text) return;
		append(el, h('p', {}, text), more);
		/* on a phone the message can be below the fold: bring it into view */
		if (el.scrollIntoView) el.scrollIntoView({block: 'nearest'});
	};
	return el;
}

/* Text split into paragraphs at blank lines; single newlines kept. */
export function paragraphs(text, cls = 'prose') {
	const box = h('div', {class: cls});
	for (const part of String(text || '').split(/\n\s*\n/)) {
		if (part.trim()) box.append(h('p', {}, part));
	}
	return box;
}

/* Words typed, counted as runs of non-blanks. */
export function wordCount(text) {
	const m = String(text || '').match(/\S+/g);
	return m ? m.length : 0;
}

/* Promise resolved after ms. */
export function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
