/*
 * charts.js — showing a chart from the API: the SVG string ebb built (the
 * only HTML the page ever parses from the server; it holds no script and
 * escapes every word a person wrote) in a figure, with a text summary
 * beside it for everyone who does not see it.
 *
 * A chart's text stays at least 12 px when it is shown at least as wide as
 * the width it was drawn for, so the page asks for the width the chart will
 * really have: 360 on narrow screens, else the width of its place.
 */
import {h} from './dom.js';

const NARROW = '(max-width: 40em)';

/*
 * The width to ask charts for, measured on probe: an element put where the
 * chart will be (then removed by the caller). 360 on narrow screens.
 */
export function chartWidth(probe) {
	if (window.matchMedia(NARROW).matches) return 360;
	const w = probe ? Math.round(probe.getBoundingClientRect().width) : 0;
	return Math.max(360, Math.min(1200, w || 720));
}

/*
 * Calls fn when the window has changed size enough that charts drawn for
 * width should be drawn again: crossing the narrow line, or a change of
 * more than a sixth. figure() gives a chart's figure now on the page.
 * Returns a function that stops listening.
 */
export function onWidthChange(width, figure, fn) {
	let timer = null;
	const check = () => {
		const f = figure();
		const now = f ? chartWidth(f) : width;
		if (now !== width && (now === 360 || width === 360 || Math.abs(now - width) / width > 1 / 6)) fn();
	};
	const later = () => {
		clearTimeout(timer);
		timer = setTimeout(check, 400);
	};
	window.addEventListener('resize', later);
	return () => {
		clearTimeout(timer);
		window.removeEventListener('resize', later);
	};
}

/* A figure holding svg (a string from the API) with a caption. */
export function chartFigure(svg, caption) {
	const box = h('div', {class: 'chart'});
	if (svg && /^\s*<svg[\s>]/.test(svg)) box.innerHTML = svg;
	return h('figure', {class: 'chart-figure'}, box, caption ? h('figcaption', {}, caption) : null);
}

/*
 * Measures where a chart will go: appends the skeleton made by build (an
 * element holding a figure.chart-figure) to parent, invisibly, and returns
 * the width to ask for.
 */
export function measure(parent, build) {
	const probe = build();
	probe.classList.add('chart-probe');
	probe.setAttribute('aria-hidden', 'true');
	parent.append(probe);
	const fig = probe.querySelector('.chart-figure') || probe;
	const w = chartWidth(fig);
	probe.remove();
	return w;
}
