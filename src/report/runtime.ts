import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The browser builds of vega, vega-lite and vega-embed, inlined once per page so that it opens offline.
 * vega-embed bundles vega-interpreter: with `ast: true` the charts run without eval, so the page's CSP
 * needs no 'unsafe-eval'.
 */
export function vegaBundles(): string[] {
  const file = (pkg: string, name: string) => readFileSync(join(dirname(require.resolve(pkg)), name), 'utf8');
  return [file('vega', 'vega.min.js'), file('vega-lite', 'vega-lite.min.js'), file('vega-embed', 'vega-embed.min.js')].map((s) =>
    // an inline script must not contain its own end tag (none of the builds do today; cheap insurance)
    s.replace(/<\/(script)/gi, '<\\/$1'),
  );
}

/**
 * The page's own script: reads the chart specs from the JSON block and embeds each one. Failures show in
 * the chart's box and on the console (the browser test fails on any console error).
 */
export const BOOT_SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var opts = { renderer: 'svg', actions: false, ast: true, tooltip: { theme: 'light' } };
  var pending = data.charts.map(function (c) {
    var el = document.getElementById('vis-' + c.id);
    return vegaEmbed(el, c.spec, opts).then(function () { el.setAttribute('data-rendered', 'true'); }, function (err) {
      el.textContent = 'This chart could not be drawn: ' + err.message;
      el.setAttribute('data-rendered', 'error');
      console.error(err);
    });
  });
  Promise.all(pending).then(function () { document.documentElement.setAttribute('data-charts', 'done'); });
})();`;
