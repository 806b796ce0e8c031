/*
 * screen-write.js — writing, freely or from a prompt of any kind (GET
 * /api/prompt?kind=K): unsent letters (never sent anywhere), the three
 * lessons questions, anger, memory, closure, free writing. Works while
 * locked: the entry is sealed and joins the rest at the next unlock.
 */
import {h, messageArea, wordCount} from './dom.js';
import {get, post, vocab, state, unlocked} from './api.js';
import {W} from './words.js';
import {choice, field, ask} from './widgets.js';

export const name = 'write';
export const title = 'Write';
export const needs = 'vault';

/*
 * The body of an entry: for the three questions, "answers" by question and
 * a text holding each question above its answer (as `ebb write` keeps it).
 */
export function lessonsBody(lessons, answers) {
	const kept = {};
	const parts = [];
	for (const q of lessons) {
		const a = (answers[q.key] || '').trim();
		if (!a) continue;
		kept[q.key] = a;
		parts.push(`${q.label}\n${a}`);
	}
	return {answers: kept, text: parts.join('\n\n')};
}

export async function render(view, ctx) {
	ctx.heading('Write');
	view.append(h('p', {class: 'lede'}, 'Write in your own words, freely or from a prompt. ',
		W.neverSends));
	const words = await ask(view, ctx, vocab);
	if (!words) return;

	const kinds = words.prompt_kinds;
	const asked = ctx.params.get('kind');
	const start = kinds.some((k) => k.key === asked) ? asked : 'free';
	const kind = choice('What would you like to write?', kinds, {name: 'prompt-kind', value: start,
		cls: 'choices-kinds'});

	const promptText = h('p', {class: 'prompt-text'});
	const another = h('button', {type: 'button', class: 'secondary small'}, 'Another prompt');
	const promptBox = h('div', {class: 'prompt-box', 'aria-live': 'polite'},
		h('p', {class: 'prompt-label'}, 'A prompt, if it helps:'), promptText);
	const letterNote = h('p', {class: 'note-letter', hidden: true},
		'ebb never sends anything to anyone. This letter stays in your vault.');
	const lessonsNote = h('p', {class: 'hint', hidden: true},
		'Write under each question. A question left empty is fine; one line under one of them is plenty.');

	const titleField = field('Title', {optional: true, maxlength: 1024});
	const text = field('Your words', {multiline: true, rows: 12, spellcheck: 'true'});
	const lessonFields = words.lessons.map((q) => ({key: q.key, label: q.label,
		f: field(q.label, {multiline: true, rows: 5, spellcheck: 'true'})}));
	const lessonsBox = h('div', {class: 'lessons', hidden: true}, lessonFields.map((x) => x.f.el));
	const tags = field('Tags', {optional: true, hint: 'A few words to find it by, separated by commas.'});
	const save = h('button', {type: 'submit', class: 'primary'}, 'Keep this entry');
	const msg = messageArea();

	const form = h('form', {class: 'stack write-form', novalidate: true},
		kind.el,
		h('div', {class: 'prompt-area'}, promptBox, another),
		letterNote, titleField.el, lessonsNote, lessonsBox, text.el, tags.el,
		h('div', {class: 'actions'}, save), msg);
	view.append(form);

	let prompt = null;

	async function loadPrompt(k, {reuse = false} = {}) {
		const today = state.todayPrompt;
		if (reuse && today && today.kind === k && ctx.params.get('prompt') === today.id) {
			prompt = today;
		} else {
			try {
				prompt = await get(`/api/prompt?kind=${encodeURIComponent(k)}`);
			} catch {
				prompt = null;
			}
		}
		if (!ctx.alive()) return;
		promptText.textContent = prompt ? prompt.text : 'Whatever is here today: write it as it comes.';
	}

	function showKind(k) {
		const lessons = k === 'lessons';
		lessonsBox.hidden = !lessons;
		lessonsNote.hidden = !lessons;
		text.el.hidden = lessons;
		letterNote.hidden = k !== 'letter';
		if (k === 'letter') text.input.setAttribute('aria-describedby', letterId);
		else text.input.removeAttribute('aria-describedby');
	}
	const letterId = `${text.input.id}-letter`;
	letterNote.id = letterId;

	for (const input of kind.inputs) {
		input.addEventListener('change', () => {
			showKind(input.value);
			loadPrompt(input.value);
		});
	}
	another.addEventListener('click', () => loadPrompt(kind.value() || 'free'));
	showKind(start);
	loadPrompt(start, {reuse: true});

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const k = kind.value() || 'free';
		const body = {prompt: k};
		if (k === 'lessons') {
			const answers = {};
			for (const x of lessonFields) answers[x.key] = x.f.input.value;
			Object.assign(body, lessonsBody(words.lessons, answers));
		} else {
			body.text = text.input.value.trim();
		}
		if (!body.text) {
			msg.say('Nothing was written, so nothing was saved.', 'error');
			(k === 'lessons' ? lessonFields[0].f.input : text.input).focus();
			return;
		}
		if (k === 'lessons' && !Object.keys(body.answers).length) delete body.answers;
		if (prompt && prompt.kind === k) {
			body.prompt_id = prompt.id;
			body.question = prompt.text;
		}
		if (titleField.input.value.trim()) body.title = titleField.input.value.trim();
		const tagList = tags.input.value.split(',').map((t) => t.trim()).filter(Boolean).slice(0, 32);
		if (tagList.length) body.tags = tagList.map((t) => t.slice(0, 64));
		save.disabled = true;
		try {
			const r = await post('/api/records', {kind: 'entry', body});
			const n = k === 'lessons'
				? lessonFields.reduce((sum, x) => sum + wordCount(x.f.input.value), 0)
				: wordCount(body.text);
			const more = [];
			if (r.queued) more.push(h('p', {}, W.queued));
			if (k === 'letter') more.push(h('p', {}, W.letterStays));
			if (unlocked()) more.push(h('p', {}, h('a', {href: '#/entries'}, 'Read your entries')));
			msg.say(`Kept: ${n} ${n === 1 ? 'word' : 'words'}.`, 'ok', ...more);
			text.input.value = '';
			titleField.input.value = '';
			tags.input.value = '';
			for (const x of lessonFields) x.f.input.value = '';
		} catch (err) {
			msg.say(`${err.message} Nothing was saved; your words are still here.`, 'error');
		} finally {
			save.disabled = false;
		}
	});
}
