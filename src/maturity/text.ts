/** The maturity@1 document as text for a terminal: the data, the overall level, one line per practice, contradictions, the roadmap. */
import type { MaturityDocument } from './assess.js';
import { clip, fmtDate } from './words.js';

const count = (n: number): string => n.toLocaleString('en-US');

export function renderMaturityText(doc: MaturityDocument): string {
  const o = doc.overall;
  const c = doc.data.counts;
  const name = new Map(doc.practices.map((p) => [p.id, p.name]));
  const out = [
    `data: ${fmtDate(doc.data.from)} to ${fmtDate(doc.data.to)} · incidents ${count(c.incidents ?? 0)} · requests ${count(c.service_requests ?? 0)} · changes ${count(c.changes ?? 0)} · problems ${count(c.problems ?? 0)} · assets ${count(c.assets ?? 0)}`,
    `overall: level ${o.level ?? 'n/a'}${o.level_name ? ` (${o.level_name})` : ''} = lowest core practice · median over ${o.median_over} practices ${o.median ?? 'n/a'}${o.core_not_assessed.length ? ` · core practices not assessable: ${o.core_not_assessed.map((id) => name.get(id) ?? id).join(', ')}` : ''}`,
    '',
    `${'practice'.padEnd(34)} level  score  confidence  what stops the next level`,
  ];
  const clipped: string[] = [];
  for (const p of doc.practices) {
    const why = p.next?.reason ?? p.reason ?? (p.level === 5 ? 'top level' : '');
    out.push(
      `${p.name.padEnd(34)} ${String(p.level ?? '–').padStart(5)}  ${String(p.score ?? '–').padStart(5)}  ${`${Math.round(p.confidence * 100)} %`.padStart(10)}  ${clip(why, 110)}`,
    );
    if (clip(why, 110) !== why) clipped.push(`  ${p.name}: ${why}`);
  }
  // a clipped line loses what the measure says of itself (the priority behind "measured 0.3 %"): said in full
  if (clipped.length) out.push('', 'what stops the next level, in full:', ...clipped);
  if (doc.contradictions.length) {
    out.push('', 'contradictions between the interview and the data:');
    for (const x of doc.contradictions) out.push(`  ${x.message}`);
  }
  if (doc.roadmap.length) {
    out.push('', 'roadmap (next level, by impact):');
    for (const r of doc.roadmap.slice(0, 10)) {
      out.push(`  ${r.impact_score.toFixed(2).padStart(5)}  ${name.get(r.practice) ?? r.practice} → level ${r.target_level}: ${clip(r.title, 80)}`);
      out.push(`         ${clip(r.recommendation, 120)}`);
    }
  }
  const na = doc.practices.flatMap((p) => p.criteria).filter((x) => x.status === 'not_assessable').length;
  out.push('', `${doc.rubric.criteria} criteria · ${na} not assessable (each with its reason in --json and the --out page) · interview ${doc.interview.answered} of ${doc.interview.questions} questions answered`);
  return out.join('\n');
}
