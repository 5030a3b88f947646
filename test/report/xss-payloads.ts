/**
 * Hostile strings for the report and assessment pages (issue 12, item 3). Payload N, if it ever runs,
 * sets window.__xss = N (the browser test's canary); the ones that cannot run script try to load something
 * from evil.invalid instead, which the test sees as a request. Every payload contains the marker `__xss`, so
 * that a test can tell where data went (into Vega data values, never into a spec's other parts).
 */

/** The host of every URL in the corpus: a reserved TLD, never resolvable. */
export const EVIL_HOST = 'evil.invalid';

/** The text every payload contains. */
export const MARKER = '__xss';

const corpus: Array<(n: number) => string> = [
  // plain markup
  (n) => `<script>window.__xss=${n}</script>`,
  (n) => `<img src=x onerror="window.__xss=${n};alert(${n})">`,
  (n) => `<details open ontoggle=window.__xss=${n}>`,
  (n) => `<input autofocus onfocus=window.__xss=${n}>`,
  // attribute-quote breakouts, double and single
  (n) => `"><svg onload=window.__xss=${n}>`,
  (n) => `'><body onload='window.__xss=${n}'>`,
  (n) => `" onmouseover="window.__xss=${n}" x="`,
  // raw-text and comment breakouts: the JSON block, title, style, textarea, comments, CDATA
  (n) => `</script><script>window.__xss=${n}</script>`,
  (n) => `</title></style></textarea><script>window.__xss=${n}</script>`,
  (n) => `--><script>window.__xss=${n}</script><!--`,
  (n) => `<![CDATA[</text><script>window.__xss=${n}</script>]]>`,
  // javascript: URLs
  (n) => `javascript:window.__xss=${n}`,
  (n) => `<a href="javascript:window.__xss=${n}">open</a>`,
  (n) => `<meta http-equiv="refresh" content="0;url=javascript:window.__xss=${n}">`,
  // SVG and MathML
  (n) => `<svg><script>window.__xss=${n}</script></svg>`,
  (n) => `<svg><a xlink:href="javascript:window.__xss=${n}"><text y="9">x</text></a><animate onbegin="window.__xss=${n}"/></svg>`,
  (n) => `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=${n}>`,
  (n) => `<iframe srcdoc="<script>parent.__xss=${n}</script>"></iframe>`,
  (n) => `<object data="data:text/html,<script>parent.__xss=${n}</script>"></object>`,
  // CSS: url(), @import, expression(), a <style> breakout, <base>
  (n) => `<div style="background:url(https://${EVIL_HOST}/${n}.png);width:expression(window.__xss=${n})">__xss</div>`,
  (n) => `x{}</style><style>@import 'https://${EVIL_HOST}/${n}.css';body{background:url("https://${EVIL_HOST}/${n}")}/*__xss*/</style>`,
  (n) => `<base href="https://${EVIL_HOST}/${n}/"><link rel=stylesheet href="//${EVIL_HOST}/__xss${n}.css">`,
  // Vega and template expressions: data must stay data
  (n) => `datum.x + (window.__xss=${n})`,
  (n) => `{{constructor.constructor('window.__xss=${n}')()}}`,
  (n) => `\${window.__xss=${n}}\`;window.__xss=${n};\``,
  (n) => `"};window.__xss=${n};//`,
  // encodings: JSON unicode escapes as text, entities, percent-encoding, look-alikes and line separators
  (n) => `\\u003cscript\\u003ewindow.__xss=${n}\\u003c/script\\u003e`,
  (n) => `&lt;script&gt;window.__xss=${n}&lt;/script&gt;<img src=x onerror="&#119;indow.__xss=${n}">`,
  (n) => `%3Cscript%3Ewindow.__xss=${n}%3C/script%3E`,
  (n) => `＜script＞window.__xss=${n}＜/script＞\u2028\u2029</script><script>window.__xss=${n}</script>\u202e`,
  // very long: a label, a table cell and a chart axis must all survive it
  (n) => `${'A'.repeat(6000)}<img src=x onerror=window.__xss=${n}>${'Z'.repeat(6000)}`,
];

/** The corpus, payload i (0-based) carrying canary i + 1. */
export const PAYLOADS: readonly string[] = corpus.map((f, i) => f(i + 1));
