/**
 * Generated data with known maturity, as `generate --maturity` makes it: one generated ServiceNow dataset
 * (nothing planted) ingested once; per profile a copy of that database gets the profile (profiles.yaml) and is
 * written back out as ServiceNow export files, which are ingested into a fresh database and assessed. The
 * assessment must find the planted level for every practice. The mixed profile runs the whole command
 * (`itsm-lens generate --maturity …`); a user rubric, interview answers and the HTML page are checked on the
 * re-ingested databases.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { plantAndRewrite } from '../../src/generate/maturity.js';
import { resolveOptions } from '../../src/generate/options.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { FIELDS, KEY_COLUMN, type CanonicalTable } from '../../src/store/schema.js';
import { Store } from '../../src/store/db.js';
import { assess, type MaturityDoc } from '../../src/maturity/assess.js';
import { resolveLevels } from '../../src/maturity/profile.js';
import { loadRubric } from '../../src/maturity/rubric.js';
import { loadAnswers } from '../../src/maturity/answers.js';
import { UserError } from '../../src/errors.js';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('itsm-lens-maturity-');
const baseDb = join(dir, 'base.duckdb');
const plantedDb = (level: number) => join(dir, `planted-${level}.duckdb`);
const dbOf = (level: number) => join(dir, `level-${level}.duckdb`);
const docs = new Map<number, MaturityDoc>();
const timings: string[] = [];

// The profile databases are ingested with dates given as year-first (what the generator writes), which skips most of
// the date sniffing (most of an ingest of a small file); the mixed profile goes through the user's plain ingest.
async function ingestAndAssess(files: string[], db: string, dateFormat?: 'ymd'): Promise<MaturityDoc> {
  const store = await Store.open(db);
  try {
    await ingestPaths(store, { paths: files, dateFormat });
    return await assess(store, { benchmarks: false });
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  let t = performance.now();
  const lap = (what: string) => {
    timings.push(`${what} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
  };
  const base = await generate({ out: join(dir, 'export'), tickets: 4000, changes: 400, problems: 40, assets: 200, null: true, seed: 9 });
  const store = await Store.open(baseDb);
  await ingestPaths(store, { paths: base.files, dateFormat: 'ymd' }).finally(() => store.close());
  lap('base generate + ingest');
  for (const level of [1, 2, 3, 4, 5]) {
    copyFileSync(baseDb, plantedDb(level));
    const planted = await Store.open(plantedDb(level));
    const { files } = await plantAndRewrite(planted, resolveLevels(level), join(dir, `export-${level}`)).finally(() => planted.close());
    lap(`level ${level}: plant + write`);
    docs.set(level, await ingestAndAssess(files, dbOf(level), 'ymd'));
    lap(`level ${level}: ingest + assess`);
  }
  process.stderr.write(`maturity profiles: ${timings.join(', ')}\n`);
}, 600_000);

describe('maturity profiles (generated exports with a planted level)', () => {
  it.each([1, 2, 3, 4, 5])('finds level %i for every practice, and as the overall level', (level) => {
    const doc = docs.get(level)!;
    const levels = Object.fromEntries(doc.practices.map((p) => [p.id, p.level]));
    expect(levels).toEqual(Object.fromEntries(loadRubric().practices.map((p) => [p.id, level])));
    expect(doc.overall).toMatchObject({ level, median: level, core_not_assessed: [] });
  });

  it('is not lifted by the mandatory-field trap: at level 1 every incident carries an article, which proves nothing', () => {
    const kb = docs.get(1)!.practices.find((p) => p.id === 'knowledge')!;
    const linked = kb.criteria.find((c) => c.id === 'knowledge.linked_5')!;
    // filled on every incident (3,000 here), so the fill share passes; it weighs as no evidence instead
    expect(linked).toMatchObject({ status: 'not_assessable', value: 1, mandatory_in_tool: ['knowledge_ref'] });
    expect(kb).toMatchObject({ level: 1, next: { level: 2, status: 'unproven' } });
    // one article per incident: nothing is reused, so the outcome criteria fail on their own
    expect(kb.criteria.find((c) => c.id === 'knowledge.reuse_30')).toMatchObject({ status: 'fail', value: 0 });
  });

  it('writes exports whose ingest gives back exactly the planted canonical records', async () => {
    const store = await Store.open(dbOf(3), { readOnly: true });
    try {
      await store.run(`ATTACH '${plantedDb(3)}' AS planted (READ_ONLY)`);
      for (const table of ['ticket', 'change', 'problem', 'asset'] as CanonicalTable[]) {
        const cols = [KEY_COLUMN[table], 'source_table', ...FIELDS[table].map((f) => f.name)].map((c) => `"${c}"`).join(', ');
        const diff = await store.one<{ a: number; b: number; n: number }>(`SELECT
            (SELECT count(*) FROM (SELECT ${cols} FROM main."${table}" EXCEPT ALL SELECT ${cols} FROM planted."${table}"))::INT AS a,
            (SELECT count(*) FROM (SELECT ${cols} FROM planted."${table}" EXCEPT ALL SELECT ${cols} FROM main."${table}"))::INT AS b,
            (SELECT count(*) FROM main."${table}")::INT AS n`);
        expect(diff, table).toMatchObject({ a: 0, b: 0 });
        expect(diff!.n, table).toBeGreaterThan(0);
      }
      // the generated layout has no knowledge column: the rewrite adds the rule's column for the planted articles
      expect(readFileSync(join(dir, 'export-3', 'incident.csv'), 'utf8').split('\n')[0]).toMatch(/^number,short_description,.*,sys_id,knowledge\r?$/);
    } finally {
      store.close();
    }
  });

  it('generate --maturity with a level per practice: truth.json records it, assess finds it; overall = lowest core practice', async () => {
    const planted = { service_desk: 3, incident: 3, service_request: 4, problem: 4, change: 2, service_level: 5, it_asset: 4, service_configuration: 3, knowledge: 1 };
    const out = join(dir, 'mixed');
    const spec = Object.entries(planted).map(([k, v]) => `${k}=${v}`).join(',');
    const t0 = performance.now();
    const r = cli(['generate', '--out', out, '--tickets', '4000', '--changes', '400', '--problems', '40', '--assets', '200', '--seed', '9', '--maturity', spec, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { files: string[]; truth: string; maturity: Record<string, number>; null: boolean };
    expect(summary).toMatchObject({ maturity: planted, null: true });
    const truth = JSON.parse(readFileSync(summary.truth, 'utf8'));
    expect(truth.planted.maturity).toMatchObject({ levels: planted, profiles: 'src/maturity/profiles.yaml' });
    expect(truth.kpis.mttr).toMatchObject({ mean: null, reason: expect.stringMatching(/--maturity/) });
    const t1 = performance.now();
    const doc = await ingestAndAssess(summary.files, join(dir, 'mixed.duckdb'));
    timings.push(`mixed: generate --maturity ${((t1 - t0) / 1000).toFixed(1)} s, ingest + assess ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    process.stderr.write(`maturity profiles: ${timings.at(-1)}\n`);
    expect(Object.fromEntries(doc.practices.map((p) => [p.id, p.level]))).toEqual(planted);
    expect(doc.overall).toMatchObject({ level: 2, level_name: 'Structured service desk', median: 3, median_over: 9 });
    const store = await Store.open(join(dir, 'mixed.duckdb'), { readOnly: true });
    const n = await store.one<Record<string, number>>(`SELECT (SELECT count(*) FROM ticket WHERE kind = 'incident')::INT AS incidents,
        (SELECT count(*) FROM problem)::INT AS problems, (SELECT count(*) FROM asset)::INT AS assets`).finally(() => store.close());
    expect(n).toEqual({ incidents: truth.counts.incidents, problems: truth.counts.problems, assets: truth.counts.assets });
  }, 300_000);

  it('reads --maturity as one level, a level per practice, or a default with exceptions; rejects the rest', () => {
    const all = loadRubric().practices.map((p) => p.id).sort();
    expect(Object.keys(resolveLevels(2)).sort()).toEqual(all);
    expect(resolveLevels('incident=3, change=4')).toEqual({ incident: 3, change: 4 });
    expect(resolveLevels('2,incident=3')).toMatchObject({ incident: 3, change: 2, knowledge: 2 });
    expect(() => resolveLevels('6')).toThrow(/--maturity: the default must be a level 1 to 5 \(got 6\)/);
    expect(() => resolveLevels('incident=x')).toThrow(/incident must be a level 1 to 5/);
    expect(() => resolveLevels('incidents=3')).toThrow(/unknown practice 'incidents' \(practices: .*incident/);
    expect(() => resolveLevels('2,3')).toThrow(UserError);
    expect(() => resolveOptions({ out: dir, format: 'jira', maturity: 3 })).toThrow(/--maturity needs --format servicenow/);
    expect(resolveOptions({ out: dir, maturity: '3' })).toMatchObject({ null: true, maturity: expect.objectContaining({ incident: 3 }) });
    const r = cli(['generate', '--out', join(dir, 'bad'), '--maturity', 'incident=9']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('itsm-lens: --maturity: incident must be a level 1 to 5 (got 9)');
  });

  it('explains every criterion: a status, and a reason whenever it is not assessable', () => {
    for (const doc of docs.values()) {
      for (const c of doc.practices.flatMap((p) => p.criteria)) {
        expect(['pass', 'fail', 'not_assessable']).toContain(c.status);
        if (c.status === 'not_assessable') expect(c.reason, c.id).toBeTruthy();
        else expect(typeof c.value, c.id).toBe('number');
      }
    }
  });

  it('lists, below level 5, the failing criteria of the next level ordered by impact', () => {
    const doc = docs.get(3)!;
    expect(doc.roadmap.length).toBeGreaterThan(0);
    for (const r of doc.roadmap) {
      expect(r.target_level).toBe(4);
      expect(r.recommendation).toBeTruthy();
    }
    const scores = doc.roadmap.map((r) => r.impact_score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // the level-4 gates that stop incident management are on it
    expect(doc.roadmap.map((r) => r.criterion)).toEqual(expect.arrayContaining(['incident.reopen', 'incident.automation', 'service_level.attainment_stable']));
    expect(docs.get(5)!.roadmap).toEqual([]);
  });

  it('scores 0–100 within the level, 100 only at the top', () => {
    for (const [level, doc] of docs) {
      for (const p of doc.practices) {
        if (p.score === null) continue;
        expect(p.score).toBeGreaterThanOrEqual(0);
        expect(p.score).toBeLessThanOrEqual(level < 5 ? 99 : 100);
      }
    }
  });

  it('marks a practice without evidence not assessable, with the reason, instead of failing it', async () => {
    const db = join(dir, 'no-kb.duckdb');
    copyFileSync(dbOf(3), db);
    const store = await Store.open(db);
    try {
      await store.run(`UPDATE ticket SET knowledge_ref = NULL`);
      const doc = await assess(store, { benchmarks: false });
      const kb = doc.practices.find((p) => p.id === 'knowledge')!;
      expect(kb.level).toBeNull();
      expect(kb.reason).toMatch(/no loaded records/);
      expect(kb.criteria.find((c) => c.id === 'knowledge.linked_5')).toMatchObject({ status: 'not_assessable', reason: 'no loaded export carries the knowledge article; at least 50 % must carry it' });
      // the other practices keep their level
      expect(doc.practices.find((p) => p.id === 'incident')!.level).toBe(3);
    } finally {
      store.close();
    }
  });
});

describe('assess command', () => {
  it('changes the result when a user rubric changes a threshold, without code changes', () => {
    const before = docs.get(2)!;
    expect(before.practices.find((p) => p.id === 'incident')!.level).toBe(2);
    const rubric = join(dir, 'strict.yaml');
    writeFileSync(rubric, 'extends: default\ncriteria:\n  - id: incident.categorised\n    threshold: 0.999\n');
    const r = cli(['assess', '--json', '--db', dbOf(2), '--rubric', rubric]);
    expect(r.code, r.stderr).toBe(0);
    const after = JSON.parse(r.stdout) as MaturityDoc;
    const inc = after.practices.find((p) => p.id === 'incident')!;
    expect(inc.level).toBe(1);
    expect(inc.criteria.find((c) => c.id === 'incident.categorised')).toMatchObject({ status: 'fail', threshold: 0.999 });
    expect(after.overall.level).toBe(1);
    expect(after.rubric.sources).toContain(rubric);
  });

  it('writes the interview template, scores answers with partial credit and reports contradictions', async () => {
    const file = join(dir, 'interview.yaml');
    const init = cli(['assess', '--init-answers', file]);
    expect(init.code, init.stderr).toBe(0);
    const template = readFileSync(file, 'utf8');
    expect(template).toMatch(/change\.approval_policy: null/);
    expect(template).toMatch(/# \[level 4, gate\] Are operational level agreements/);
    expect(cli(['assess', '--init-answers', file]).code).toBe(2); // never overwrites
    // Level 2 data: 85 % of normal changes approved. The interview says every change is approved.
    writeFileSync(file, template.replace('change.approval_policy: null', 'change.approval_policy: 1')
      .replace('service_level.ola: null', 'service_level.ola: { answer: 0.5, note: "OLAs for two of five groups" }'));
    const store = await Store.open(dbOf(2), { readOnly: true });
    const doc = await assess(store, { answers: file, benchmarks: false }).finally(() => store.close());
    expect(doc.interview).toMatchObject({ answered: 2 });
    expect(doc.contradictions).toHaveLength(1);
    expect(doc.contradictions[0]).toMatchObject({ criterion: 'change.approval_policy', answer: 1, data: { criterion: 'change.authorised_95' } });
    expect(doc.contradictions[0]!.data.value).toBeLessThan(0.95);
    const ola = doc.practices.flatMap((p) => p.criteria).find((c) => c.id === 'service_level.ola')!;
    expect(ola).toMatchObject({ status: 'fail', answer: 0.5, note: 'OLAs for two of five groups' });
    const text = cli(['assess', '--db', dbOf(2), '--answers', file]).stdout;
    expect(text).toMatch(/contradictions between the interview and the data:\n\s+answered 1 \("Every normal change is approved before implementation"\)/);
  });

  it('rejects a bad answer or rubric with one line and exit 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'answers:\n  change.approval_policy: 0.3\n');
    const r = cli(['assess', '--db', dbOf(2), '--answers', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`itsm-lens: answers file ${bad}: answers.change.approval_policy must be 0, 0.25, 0.5 or 1, or empty when unknown (got 0.3)`);
    writeFileSync(bad, 'answers:\n  incident.categorised: 1\n');
    expect(() => loadAnswers(bad, loadRubric())).toThrow(/measured from the data; answer only the interview questions/);
    writeFileSync(bad, 'extends: default\ncriteria:\n  - id: incident.categorised\n    fields: [colour]\n');
    expect(() => loadRubric(bad)).toThrow(UserError);
    expect(() => loadRubric(bad)).toThrow(/criterion incident\.categorised: field 'colour': ticket has no column 'colour'/);
    writeFileSync(bad, 'extends: default\ncriteria:\n  - id: incident.categorised\n    threshold: high\n');
    expect(() => loadRubric(bad)).toThrow(`rubric ${bad}: criteria[0].threshold must be a number (got "high")`);
  });

  it('writes a self-contained HTML page: radar chart, evidence, roadmap, escaped strings, no network', () => {
    const rubric = join(dir, 'xss.yaml');
    writeFileSync(rubric, 'extends: default\ncriteria:\n  - id: incident.categorised\n    title: "<script>alert(1)</script> categorised"\n');
    const out = join(dir, 'page');
    const r = cli(['assess', '--db', dbOf(3), '--rubric', rubric, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'maturity.json'))).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    // the report's page shell (src/report/page.ts): the policy as the report writes it, quotes unescaped in the attribute
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; categorised');
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
    expect((html.match(/<polygon /g) ?? []).length).toBe(6); // 5 rings + the levels
    expect(html).toMatch(/Roadmap: the next level, by impact/);
    expect(html).toMatch(/Incident management — level 3/);
    expect(html).toMatch(/KPIs against published benchmarks/);
    const doc = JSON.parse(readFileSync(join(out, 'maturity.json'), 'utf8')) as MaturityDoc;
    const reopen = doc.benchmarks.find((b) => b.kpi === 'reopen_rate')!;
    expect(reopen.value).toBeGreaterThan(0.05); // level 3 profile: 7 % of resolved incidents reopened
    expect(reopen.bands.every((b) => b.client_is === 'worse')).toBe(true);
    expect(doc.benchmarks.find((b) => b.kpi === 'csat')).toMatchObject({ value: null, reason: expect.stringMatching(/satisfaction/) });
  });
});
