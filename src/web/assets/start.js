/*
 * start.js — the page's first script: a plain one, run before the first
 * frame, which it must not hold up.
 *
 * - ebb serve draws the home screen into the page. When the address asks
 *   for another screen (#/waves after a reload, say), html.elsewhere hides
 *   it until app.js has drawn the screen asked for, so it never flashes by.
 * - The modules (app.js and the first screens') are asked for once that
 *   frame is on screen, all at once: fetching and compiling them would
 *   otherwise come before it. The other screens load when first shown.
 */
(function () {
	var hash = location.hash;
	if (hash && hash !== '#' && hash !== '#/' && hash.indexOf('#/?') !== 0) {
		document.documentElement.classList.add('elsewhere');
	}

	var FIRST = ['api.js', 'dom.js', 'words.js', 'widgets.js', 'screen-home.js',
		'screen-welcome.js', 'screen-unlock.js', 'strength.js'];

	function load() {
		var head = document.head;
		for (var i = 0; i < FIRST.length; i++) {
			var link = document.createElement('link');
			link.rel = 'modulepreload';
			link.href = FIRST[i];
			head.appendChild(link);
		}
		/* app.js reads the whole document: not before it is parsed */
		if (document.readyState === 'loading') {
			document.addEventListener('DOMContentLoaded', run);
		} else {
			run();
		}
	}

	function run() {
		var app = document.createElement('script');
		app.type = 'module';
		app.src = 'app.js';
		document.head.appendChild(app);
	}

	/* once the first frame with content is on screen: fetching and compiling
	 * share two small cores with drawing it on many a machine. A page that
	 * never paints (a hidden tab) starts after a second all the same. */
	var started = false;
	function once() {
		if (!started) {
			started = true;
			load();
		}
	}
	var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
	if (types && types.indexOf('paint') >= 0) {
		new PerformanceObserver(function (list, observer) {
			if (list.getEntriesByName('first-contentful-paint').length) {
				observer.disconnect();
				setTimeout(once, 0);
			}
		}).observe({type: 'paint', buffered: true});
	} else {
		requestAnimationFrame(function () {
			setTimeout(once, 0);
		});
	}
	setTimeout(once, 1000);
})();
