/*
 * breathe.js — a paced-breathing guide: in for four, out for six.
 *
 * A circle grows while breathing in and shrinks while breathing out (CSS
 * transitions on classes, no inline styles), with the words and a count
 * beside it. With prefers-reduced-motion the circle stays still and only
 * the words and the count change. Screen readers hear each change of
 * phase once, not every second.
 */
import {h} from './dom.js';

const PHASES = [
	{key: 'in', secs: 4, cue: 'Breathe in', spoken: 'Breathe in, slowly, for four.'},
	{key: 'out', secs: 6, cue: 'Breathe out', spoken: 'Breathe out, slowly, for six.'},
];

/*
 * Returns {el, start, stop}: el holds the guide and its own Start/Pause
 * button; stop() ends the timers (call it when leaving the screen).
 */
export function breather() {
	const circle = h('div', {class: 'breath-circle', 'aria-hidden': 'true'},
		h('span', {class: 'breath-core'}));
	const cue = h('p', {class: 'breath-cue'}, 'Ready when you are.');
	const count = h('p', {class: 'breath-count', 'aria-hidden': 'true'}, '');
	const spoken = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});
	const rounds = h('p', {class: 'breath-rounds hint'});
	const button = h('button', {type: 'button', class: 'secondary'},
		'Start breathing');
	const el = h('div', {class: 'breather'},
		h('div', {class: 'breath-stage'}, circle, h('div', {class: 'breath-words'}, cue, count)),
		spoken, rounds, button);

	let timer = null;
	let phase = 0;
	let left = 0;
	let round = 0;

	function show() {
		const p = PHASES[phase];
		circle.classList.toggle('is-in', p.key === 'in');
		circle.classList.toggle('is-out', p.key === 'out');
		cue.textContent = p.cue;
		count.textContent = String(left);
	}

	function tick() {
		left -= 1;
		if (left <= 0) {
			phase = (phase + 1) % PHASES.length;
			if (phase === 0) {
				round += 1;
				rounds.textContent = round >= 3
					? `${round} breaths. Stay as long as you like; go on when you're ready.`
					: `${round} ${round === 1 ? 'breath' : 'breaths'}.`;
			}
			left = PHASES[phase].secs;
			spoken.textContent = PHASES[phase].spoken;
		}
		show();
	}

	function start() {
		if (timer) return;
		phase = 0;
		left = PHASES[0].secs;
		spoken.textContent = PHASES[0].spoken;
		show();
		timer = setInterval(tick, 1000);
		button.textContent = 'Pause breathing';
		el.classList.add('is-running');
	}

	function stop() {
		if (timer) clearInterval(timer);
		timer = null;
		circle.classList.remove('is-in', 'is-out');
		cue.textContent = round ? 'Paused. Start again whenever you like.' : 'Ready when you are.';
		count.textContent = '';
		button.textContent = 'Start breathing';
		el.classList.remove('is-running');
	}

	button.addEventListener('click', () => (timer ? stop() : start()));
	return {el, start, stop};
}
