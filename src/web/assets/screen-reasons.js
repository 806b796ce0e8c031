/*
 * screen-reasons.js — why I left beside what I miss (kinds reason and
 * miss), as `ebb both` shows them: add and remove. Adding works while
 * locked (sealed until the next unlock); the lists need the key.
 */
import {h, clear, messageArea, uid} from './dom.js';
import {get, post, del, unlocked} from './api.js';
import {W, when, machineTime} from './words.js';
import {field, confirmInline, loading} from './widgets.js';

export const name = 'reasons';
export const title = 'Why I left and what I miss';
export const needs = 'vault';

const LISTS = [
	{kind: 'reason', title: 'Why I left', question: 'A reason you left, in your own words',
		button: 'Keep this reason', added: 'Kept with your reasons for leaving.',
		empty: 'No reasons written down yet. On a day when missing them gets loud, your own words ' +
			'about why you left can steady you.'},
	{kind: 'miss', title: 'What I miss', question: 'Something you miss',
		button: 'Keep this', added: 'Kept with what you miss.',
		empty: 'Nothing here yet. Missing what was good is part of grieving it, not a sign that ' +
			'leaving was wrong.'},
];

function column(spec, ctx) {
	const headId = uid('h');
	const list = h('ul', {class: 'kept-list'});
	const msg = messageArea();
	const f = field(spec.question, {multiline: true, rows: 2, maxlength: 4000});
	const add = h('button', {type: 'submit', class: 'secondary'}, spec.button);
	const form = h('form', {class: 'stack add-form', novalidate: true}, f.el,
		h('div', {class: 'actions'}, add), msg);
	const sec = h('section', {class: 'card column', 'aria-labelledby': headId},
		h('h2', {id: headId, tabindex: '-1'}, spec.title), list, form);

	function item(r) {
		const textId = uid('t');
		const remove = h('button', {type: 'button', class: 'link-button small', 'aria-describedby': textId},
			'Remove');
		const li = h('li', {}, h('p', {id: textId}, r.body.text),
			h('p', {class: 'meta'}, h('time', {datetime: machineTime(r.at)}, when(r.at, {time: false})), ' · ', remove));
		remove.addEventListener('click', () => {
			if (li.querySelector('.confirm')) return;
			li.append(confirmInline('Remove it for good? Its words are wiped from the vault.', 'Remove',
				async () => {
					try {
						await del(`/api/records/${r.id}`);
						const next = li.nextElementSibling || li.previousElementSibling;
						li.remove();
						ctx.announce('Removed; its words are wiped from the vault.');
						const b = next && next.querySelector('button');
						if (b) b.focus();
						else sec.querySelector('h2').focus();
						if (!list.childElementCount) list.append(h('li', {class: 'empty'}, spec.empty));
					} catch (err) {
						msg.say(err.message, 'error');
					}
				}, remove));
		});
		return li;
	}

	async function load() {
		clear(list);
		if (!unlocked()) {
			list.append(h('li', {class: 'empty'}, 'Your list appears once the vault is unlocked. ' +
				'Adding works now: it is sealed, and joins the rest when you next unlock.'));
			return;
		}
		const wait = loading(sec);
		try {
			const rows = await get(`/api/records?kind=${spec.kind}&limit=500`);
			wait.remove();
			if (!ctx.alive()) return;
			if (!rows.length) list.append(h('li', {class: 'empty'}, spec.empty));
			for (const r of rows) list.append(item(r));
		} catch (err) {
			wait.remove();
			if (err.status !== 423) msg.say(err.message, 'error');
		}
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const text = f.input.value.trim();
		if (!text) {
			msg.say('There is no text to keep yet.', 'error');
			f.input.focus();
			return;
		}
		add.disabled = true;
		try {
			const r = await post('/api/records', {kind: spec.kind, body: {text}});
			f.input.value = '';
			msg.say(r.queued ? `${spec.added} ${W.queued}` : spec.added, 'ok');
			if (!r.queued && unlocked()) {
				const empty = list.querySelector('.empty');
				if (empty) empty.remove();
				list.prepend(item({id: r.id, at: new Date().toISOString(), body: {text}}));
			}
		} catch (err) {
			msg.say(`${err.message} Nothing was written.`, 'error');
		} finally {
			add.disabled = false;
		}
	});

	return {sec, load};
}

export async function render(view, ctx) {
	ctx.heading('Why I left and what I miss');
	view.append(h('p', {class: 'lede'}, W.both));
	const cols = LISTS.map((spec) => column(spec, ctx));
	view.append(h('div', {class: 'columns'}, cols.map((c) => c.sec)));
	await Promise.all(cols.map((c) => c.load()));
}
