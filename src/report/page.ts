/**
 * The page shell the report and the maturity assessment share: one HTML frame, one Content-Security-Policy,
 * one stylesheet (reports/style.css) and one table markup. Each page adds its body, its own few style rules
 * and, for the report, the inline scripts the CSP then allows by hash. No page may reach the network.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTS_DIR } from './definition.js';
import { cspHash, esc } from './escape.js';

/**
 * The policy: nothing from anywhere, inline styles (vega-embed and the SVG renderer set them), data: images,
 * and with scripts exactly those inline scripts (by hash). Our own text: keywords and base64 hashes.
 */
export function pageCsp(scripts: string[] = []): string {
  return [
    "default-src 'none'",
    ...(scripts.length ? [`script-src ${scripts.map(cspHash).join(' ')}`] : []),
    "style-src 'unsafe-inline'",
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface PageParts {
  /** the document title (escaped here) */
  title: string;
  /** the body's HTML, escaped by the caller */
  body: string;
  /** style rules of this page only, after the shared stylesheet */
  css?: string;
  /** inline scripts at the end of the body, allowed by the CSP by hash */
  scripts?: string[];
}

/** The shared stylesheet (read once). */
let styles: string | undefined;
const stylesheet = () => (styles ??= readFileSync(join(REPORTS_DIR, 'style.css'), 'utf8'));

/** The whole document around a body. */
export function htmlPage(p: PageParts): string {
  const scripts = p.scripts ?? [];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${pageCsp(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="itsm-lens">
<title>${esc(p.title)}</title>
<style>${stylesheet()}${p.css ? `\n${p.css}` : ''}</style>
</head>
<body>
${p.body}
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

export interface Column {
  /** header text (escaped here) */
  label: string;
  /** a figure: right-aligned, tabular digits, kept on one line */
  num?: boolean;
}

/**
 * A table in its scrolling block (a wide table scrolls, the page does not). Cells are HTML the caller escaped;
 * `rowClass` gives a row its class (the assessment's status colours).
 */
export function tableHtml(columns: Column[], rows: string[][], opts: { rowClass?: (i: number) => string | undefined; className?: string; caption?: string } = {}): string {
  const cls = (c: Column | undefined) => (c?.num ? ' class="num"' : '');
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${esc(c.label)}</th>`).join('');
  const body = rows
    .map((r, i) => {
      const rc = opts.rowClass?.(i);
      return `<tr${rc ? ` class="${esc(rc)}"` : ''}>${r.map((cell, j) => `<td${cls(columns[j])}>${cell}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const caption = opts.caption ? `<caption class="muted">${esc(opts.caption)}</caption>` : '';
  // in a block that scrolls sideways: a wide table on a phone does not widen the page
  return `<div class="table-scroll"><table${opts.className ? ` class="${esc(opts.className)}"` : ''}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
