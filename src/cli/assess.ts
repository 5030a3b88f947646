import { existsSync, writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { assess, type MaturityDoc } from '../maturity/assess.js';
import { answersTemplate } from '../maturity/answers.js';
import { loadRubric } from '../maturity/rubric.js';
import { writeAssessmentPage } from '../maturity/html.js';
import { loadProjectConfig } from '../config/project.js';
import { clip, fmtDate } from '../maturity/words.js';
import type { GlobalArgs } from './main.js';
import { fmt, log, printJson, printText } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  answers?: string;
  'init-answers'?: string;
  rubric?: string;
  out?: string;
}

export const assessCommand: CommandModule<GlobalArgs, Args> = {
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/maturity@1 JSON document' })
      .option('answers', { type: 'string', describe: 'interview answers (YAML, 0 / 0.25 / 0.5 / 1 per question)' })
      .option('init-answers', { type: 'string', describe: 'write the interview questionnaire to this YAML file and stop' })
      .option('rubric', { type: 'string', describe: 'a rubric YAML replacing the default (or `extends: default` overriding criteria by id)' })
      .option('out', { type: 'string', describe: 'write DIR/index.html (self-contained assessment) and DIR/maturity.json' })
      .example('$0 assess --init-answers interview.yaml', 'write the questionnaire')
      .example('$0 assess --answers interview.yaml --out assessment/', 'assess, with the answers, and write the HTML report') as never,
  handler: async (args) => {
    if (args['init-answers']) {
      const path = args['init-answers'];
      if (existsSync(path)) throw new UserError(`${path} already exists; remove it or name another file`);
      writeFileSync(path, answersTemplate(loadRubric(args.rubric), path));
      log(`wrote ${path}: answer the questions, then run itsm-lens assess --answers ${path}`);
      return;
    }
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    let doc: MaturityDoc;
    try {
      doc = await assess(store, { rubric: args.rubric, answers: args.answers, config: loadProjectConfig(args.config) });
    } finally {
      store.close();
    }
    if (args.out) log(`wrote ${await writeAssessmentPage(doc, args.out)}`);
    if (args.json) printJson(doc);
    else printText(render(doc));
  },
};

function render(doc: MaturityDoc): string {
  const o = doc.overall;
  const c = doc.data.counts;
  const name = new Map(doc.practices.map((p) => [p.id, p.name]));
  const out = [
    `data: ${fmtDate(doc.data.from)} to ${fmtDate(doc.data.to)} · incidents ${fmt(c.incidents ?? 0)} · requests ${fmt(c.service_requests ?? 0)} · changes ${fmt(c.changes ?? 0)} · problems ${fmt(c.problems ?? 0)} · assets ${fmt(c.assets ?? 0)}`,
    `overall: level ${o.level ?? 'n/a'}${o.level_name ? ` (${o.level_name})` : ''} = lowest core practice · median over ${o.median_over} practices ${o.median ?? 'n/a'}${o.core_not_assessed.length ? ` · core practices not assessable: ${o.core_not_assessed.map((id) => name.get(id) ?? id).join(', ')}` : ''}`,
    '',
    `${'practice'.padEnd(34)} level  score  confidence  what stops the next level`,
  ];
  for (const p of doc.practices) {
    out.push(
      `${p.name.padEnd(34)} ${String(p.level ?? '–').padStart(5)}  ${String(p.score ?? '–').padStart(5)}  ${`${Math.round(p.confidence * 100)} %`.padStart(10)}  ${clip(p.next?.reason ?? p.reason ?? (p.level === 5 ? 'top level' : ''), 110)}`,
    );
  }
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
