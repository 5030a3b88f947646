/**
 * `assess --out DIR`: one self-contained HTML page (inline CSS and SVG, no script, no external URL; the CSP
 * forbids any network access) plus the JSON behind it. Every string from the data or the rubric is escaped.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MaturityDoc } from './assess.js';
import type { CriterionResult } from './evaluate.js';
import { esc } from '../report/escape.js';
import { htmlPage, tableHtml, type Column } from '../report/page.js';
import type { CanonicalTable } from '../store/schema.js';
import { formatThreshold, formatValue } from './format.js';
import { fieldsLabel, fmtDate, fmtInt, fmtPct, scopeWords } from './words.js';
import { fileListKind, OutputFolder } from '../store/output-folder.js';

/**
 * The assessment's own rules on top of the report's stylesheet (src/report/page.ts): status words, badges, the
 * radar beside the overall level; a threshold over quarters ("≤ 1.25 × in 3 of 4 quarters") wraps in its cell
 * instead of taking the criterion titles' width.
 */
const CSS = `tr.pass td:nth-child(3){color:var(--green)}tr.fail td:nth-child(3){color:var(--red)}tr.not_assessable td:nth-child(3){color:var(--muted)}
.core,.ng{font-size:.7rem;background:var(--band);border:1px solid var(--rule);padding:0 .3rem;border-radius:3px;white-space:nowrap}
.top{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}.top>div:last-child{flex:1;min-width:280px}.top svg{max-width:100%;height:auto}
section.practice{margin-top:24px}section.practice td:nth-child(5){white-space:normal;min-width:6rem}@media print{details{display:none}}`;

/**
 * A radar (spider) chart of the practice levels, 0–5 on each axis. A practice that could not be assessed is a
 * gap: its axis is dashed, labelled "not assessable", and the level polygon skips it instead of dropping to 0.
 */
export function radarSvg(items: { label: string; level: number | null }[], size = 420): string {
  // labels sit outside the rings: a wider canvas than the chart keeps long practice names unclipped
  const width = size + 240;
  const c = size / 2;
  const cx = width / 2;
  const r = size / 2 - 60;
  const n = items.length;
  const at = (i: number, v: number) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + Math.cos(a) * r * (v / 5), c + Math.sin(a) * r * (v / 5)] as const;
  };
  const xy = (p: readonly [number, number]) => p.map((x) => x.toFixed(1)).join(',');
  const parts: string[] = [];
  for (let ring = 1; ring <= 5; ring++) {
    parts.push(`<polygon points="${items.map((_, i) => xy(at(i, ring))).join(' ')}" fill="none" stroke="#ccc" stroke-width="1"/>`);
    const [lx, ly] = at(0, ring);
    parts.push(`<text x="${(lx + 4).toFixed(1)}" y="${(ly + 4).toFixed(1)}" font-size="10" fill="#888">${ring}</text>`);
  }
  items.forEach((it, i) => {
    const [x, y] = at(i, 5);
    const gap = it.level === null;
    parts.push(`<line x1="${cx}" y1="${c}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${gap ? '#b0b0b0' : '#ddd'}"${gap ? ' stroke-dasharray="4 4"' : ''}/>`);
    const [tx, ty] = at(i, 5.6);
    const anchor = Math.abs(tx - cx) < 5 ? 'middle' : tx > cx ? 'start' : 'end';
    parts.push(gap
      ? `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" font-size="11" text-anchor="${anchor}" fill="#777" font-style="italic">${esc(it.label)} (not assessable)</text>`
      : `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" font-size="11" text-anchor="${anchor}">${esc(it.label)} (${it.level})</text>`);
  });
  const assessed = items.map((it, i) => ({ it, i })).filter((x) => x.it.level !== null);
  if (assessed.length) {
    parts.push(`<polygon points="${assessed.map((x) => xy(at(x.i, x.it.level!))).join(' ')}" fill="rgba(31,119,180,0.25)" stroke="#1f77b4" stroke-width="2"/>`);
  }
  for (const { it, i } of assessed) {
    const [x, y] = at(i, it.level!);
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="#1f77b4"><title>${esc(it.label)}: level ${it.level}</title></circle>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="practice levels" width="${width}" height="${size}" viewBox="0 0 ${width} ${size}">${parts.join('')}</svg>`;
}

const STATUS_WORDS: Record<string, string> = { pass: 'met', fail: 'not met', not_assessable: 'not assessable' };
const KIND_WORDS: Record<string, string> = { failing: 'not met', missing_evidence: 'evidence missing', missing_export: 'export missing' };
const COUNT_WORDS: Record<string, string> = {
  incidents: 'incidents', service_requests: 'service requests', interactions: 'interactions', changes: 'changes', problems: 'problems', assets: 'assets', ticket_events: 'ticket updates',
};

const CRITERION_COLUMNS: Column[] = [
  { label: 'level' }, { label: 'criterion' }, { label: 'status' }, { label: 'value', num: true }, { label: 'threshold', num: true },
  { label: 'records', num: true }, { label: 'coverage', num: true }, { label: 'why / evidence' },
];

function criterionCells(r: CriterionResult): string[] {
  const scope = r.evidence.table ? `${scopeWords(r.evidence.table as CanonicalTable, r.evidence.where)}${r.evidence.fields?.length ? `; reads ${fieldsLabel(r.evidence.fields, r.evidence.table as CanonicalTable)}` : ''}` : '';
  const detail = [
    r.evidence.question ? `<p>Interview question: ${esc(r.evidence.question)}</p>` : `<p>Records: ${esc(scope)}.</p>`,
    `<p>${esc(r.rationale)}</p>`,
    r.source ? `<p>Source: ${esc(r.source)}</p>` : '',
  ].join('');
  return [
    `${r.level}${r.gate ? '' : ' <span class="ng">score</span>'}`,
    `<b>${esc(r.title)}</b>${r.mandatory_in_tool ? ' <span class="ng">mandatory in the tool</span>' : ''}`,
    esc(STATUS_WORDS[r.status] ?? r.status),
    esc(formatValue(r)),
    esc(formatThreshold(r)),
    r.n === null ? '–' : esc(fmtInt(r.n)),
    r.coverage === null ? '–' : esc(fmtPct(r.coverage, 0)),
    `${esc(r.reason ?? '')}${r.note && r.evidence_type === 'interview' ? `<br><i>${esc(r.note)}</i>` : ''}<details><summary>evidence</summary>${detail}</details>`,
  ];
}

export function renderPage(doc: MaturityDoc): string {
  const o = doc.overall;
  const name = new Map(doc.practices.map((p) => [p.id, p.name]));
  const practices = tableHtml(
    [{ label: 'practice' }, { label: 'level', num: true }, { label: '' }, { label: 'score', num: true }, { label: 'confidence', num: true }, { label: 'what stops the next level' }],
    doc.practices.map((p) => [
      `${esc(p.name)}${p.core ? ' <span class="core">core</span>' : ''}`,
      esc(p.level ?? 'not assessable'),
      esc(p.level_name ?? ''),
      esc(p.score ?? '–'),
      `${Math.round(p.confidence * 100)} %`,
      esc(p.next?.reason ?? p.reason ?? (p.level === 5 ? 'top level' : '')),
    ]),
  );
  const sections = doc.practices
    .map((p) => `<section class="practice"><h3>${esc(p.name)} — ${p.level === null ? 'not assessable' : `level ${esc(p.level)}`}${p.level_name ? ` (${esc(p.level_name)})` : ''}, score ${esc(p.score ?? '–')}</h3>
${tableHtml(CRITERION_COLUMNS, p.criteria.map(criterionCells), { rowClass: (i) => p.criteria[i]!.status })}</section>`)
    .join('\n');
  const roadmap = tableHtml(
    [{ label: 'impact', num: true }, { label: 'practice' }, { label: 'criterion' }, { label: 'kind' }, { label: 'recommendation' }],
    doc.roadmap.map((r) => [r.impact_score.toFixed(2), `${esc(name.get(r.practice) ?? r.practice)} → level ${r.target_level}`, esc(r.title), esc(KIND_WORDS[r.kind] ?? r.kind), esc(r.recommendation)]),
  );
  const contra = doc.contradictions.length
    ? `<h2>Interview answers the data contradicts</h2><ul>${doc.contradictions.map((x) => `<li>${esc(x.message)}</li>`).join('')}</ul>`
    : '';
  const counts = Object.entries(doc.data.counts).map(([k, v]) => `${esc(COUNT_WORDS[k] ?? k.replace(/_/g, ' '))} ${esc(fmtInt(Number(v)))}`).join(' · ');
  return htmlPage({
    title: 'ITSM maturity assessment',
    css: CSS,
    body: `<header class="title-block"><h1>ITSM maturity assessment</h1>
<p>Data from ${esc(fmtDate(doc.data.from))} to ${esc(fmtDate(doc.data.to))} · ${counts}.
Rubric: ${esc(doc.rubric.name)} (version ${esc(doc.rubric.version)}, ${doc.rubric.criteria} criteria). Interview: ${doc.interview.answered} of ${doc.interview.questions} questions answered.</p></header>
<main>
<div class="top"><div>${radarSvg(doc.practices.map((p) => ({ label: p.name.replace(' management', ''), level: p.level })))}</div>
<div><h2>Overall: level ${esc(o.level ?? 'not assessable')}${o.level_name ? ` — ${esc(o.level_name)}` : ''}</h2>
<p>${esc(o.rule[0]!.toUpperCase() + o.rule.slice(1))}. Median over ${o.median_over} assessed practices: ${esc(o.median ?? 'none')}.${o.core_not_assessed.length ? ` Core practices not assessable: ${esc(o.core_not_assessed.map((id) => name.get(id) ?? id).join(', '))}.` : ''}</p>
<p>Levels: ${Object.entries(doc.rubric.levels).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(' · ')}. A practice reaches a level when every assessable gate of that level and the ones below is met; from level 3 a level needs two kinds of evidence, one of them an outcome, and level 5 an outcome held over quarters. A field the tool makes mandatory proves nothing. The score (0–100) is the progress toward the next level. "Not assessable" never counts as failed.</p></div></div>
${practices}
${contra}
<h2>Roadmap: the next level, by impact</h2>
${roadmap}
${benchmarks(doc)}
<h2>Evidence, criterion by criterion</h2>
${sections}
</main>
<footer>Generated by itsm-lens assess. The query behind every figure is in maturity.json beside this page, to rerun on the same data. Levels follow the staged capability levels of the ITIL Maturity Model (AXELOS, 2021), COBIT 2019 (ISACA) and CMMI; the thresholds are calibration heuristics with the public source named on each criterion, not a certification.</footer>`,
  });
}

function benchmarks(doc: MaturityDoc): string {
  if (!doc.benchmarks.length) return '';
  const pc = (v: number | null) => (v === null ? '–' : fmtPct(v));
  const versus = (x: { client_is: string | null }) => (x.client_is === 'equal' ? ' (client at the band)' : x.client_is ? ` (client ${x.client_is})` : '');
  const rows = doc.benchmarks.map((b) => {
    const bands = b.bands.length
      ? b.bands.map((x) => `${esc(x.name)}: ${pc(x.value)}${esc(versus(x))} <small>[${esc(x.grade)}] ${esc(x.source)}</small>`).join('<br>')
      : esc(b.note ?? '');
    return [
      `${esc(b.label)}<br><small>${esc(b.says ?? '')}</small>`,
      `${pc(b.value)}${b.value === null ? `<br><small>${esc(b.reason)}</small>` : ''}`,
      b.n === null ? '–' : esc(fmtInt(b.n)),
      `${esc(b.better)} is better`,
      bands,
    ];
  });
  return `<h2>KPIs against published benchmarks</h2>
<p>All loaded data. Evidence grade of each source: A primary, B reputable secondary, C weak (not a target without checking).</p>
${tableHtml([{ label: 'KPI' }, { label: 'client', num: true }, { label: 'records', num: true }, { label: '' }, { label: 'benchmark bands (grade, source)' }], rows)}`;
}

/** An assessment folder: DIR/itsm-lens-assess.json lists the files the assessment wrote. */
export const ASSESS_FOLDER = fileListKind('assess --out', 'assessment', 'itsm-lens-assess.json');

/**
 * Writes DIR/index.html and DIR/maturity.json (DIR new, empty or an assessment folder; written into a stage
 * and renamed into place, src/store/output-folder.ts); returns the page's path.
 */
export async function writeAssessmentPage(doc: MaturityDoc, dir: string): Promise<string> {
  return (await writeAssessment(dir, async () => doc)).page;
}

/**
 * As writeAssessmentPage, with the document made by `make` once the folder is open: a folder that is not ours
 * is refused before the assessment is computed (~1.2 CPU-s on the 2,000-ticket fixture, for nothing).
 */
export async function writeAssessment<D extends MaturityDoc>(dir: string, make: () => Promise<D>): Promise<{ doc: D; page: string }> {
  return OutputFolder.with(dir, ASSESS_FOLDER, async (folder) => {
    const doc = await make();
    await writeFile(join(folder.stage, 'maturity.json'), JSON.stringify(doc, null, 2) + '\n');
    await writeFile(join(folder.stage, 'index.html'), renderPage(doc));
    await folder.commit(['maturity.json', 'index.html'], ASSESS_FOLDER.text);
    return { doc, page: join(folder.dir, 'index.html') };
  });
}
