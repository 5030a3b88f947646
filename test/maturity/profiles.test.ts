/**
 * Generated data with known maturity: one generated ServiceNow dataset (nothing planted), ingested once, then
 * each profile of profiles.yaml planted into a copy of the database. The assessment must find the planted
 * level for every practice; a user rubric, interview answers and the HTML page are checked on the same copies.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { Store } from '../../src/store/db.js';
import { assess, type MaturityDoc } from '../../src/maturity/assess.js';
import { plantProfile } from '../../src/maturity/profile.js';
import { loadRubric } from '../../src/maturity/rubric.js';
import { loadAnswers } from '../../src/maturity/answers.js';
import { UserError } from '../../src/errors.js';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('itsm-lens-maturity-');
const baseDb = join(dir, 'base.duckdb');
const dbOf = (level: number) => join(dir, `level-${level}.duckdb`);
const docs = new Map<number, MaturityDoc>();

beforeAll(async () => {
  await generate({ out: join(dir, 'export'), tickets: 4000, changes: 400, problems: 40, assets: 200, null: true, seed: 9 });
  const r = cli(['ingest', '--db', baseDb, join(dir, 'export')]);
  if (r.code !== 0) throw new Error(r.stderr);
  for (const level of [1, 2, 3, 4, 5]) {
    copyFileSync(baseDb, dbOf(level));
    const store = await Store.open(dbOf(level));
    try {
      await plantProfile(store, level);
      docs.set(level, await assess(store, { benchmarks: false }));
    } finally {
      store.close();
    }
  }
}, 180_000);

describe('maturity profiles (generated data with a planted level)', () => {
  it.each([1, 2, 3, 4, 5])('finds level %i for every practice, and as the overall level', (level) => {
    const doc = docs.get(level)!;
    const levels = Object.fromEntries(doc.practices.map((p) => [p.id, p.level]));
    expect(levels).toEqual(Object.fromEntries(loadRubric().practices.map((p) => [p.id, level])));
    expect(doc.overall).toMatchObject({ level, median: level, core_not_assessed: [] });
  });

  it('finds a different planted level per practice; overall = lowest core practice, median over all', async () => {
    const planted = { service_desk: 3, incident: 3, service_request: 4, problem: 4, change: 2, service_level: 5, it_asset: 4, service_configuration: 3, knowledge: 1 };
    const db = join(dir, 'mixed.duckdb');
    copyFileSync(baseDb, db);
    const store = await Store.open(db);
    try {
      await plantProfile(store, planted);
      const doc = await assess(store, { benchmarks: false });
      expect(Object.fromEntries(doc.practices.map((p) => [p.id, p.level]))).toEqual(planted);
      expect(doc.overall).toMatchObject({ level: 2, level_name: 'Structured service desk', median: 3, median_over: 9 });
    } finally {
      store.close();
    }
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
      expect(kb.criteria.find((c) => c.id === 'knowledge.linked_5')).toMatchObject({ status: 'not_assessable', reason: expect.stringMatching(/no loaded export carries knowledge_ref/) });
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
    expect(text).toMatch(/contradictions between the interview and the data:\n\s+change\.approval_policy: answered 1/);
  });

  it('rejects a bad answer or rubric with one line and exit 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'answers:\n  change.approval_policy: 0.3\n');
    const r = cli(['assess', '--db', dbOf(2), '--answers', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`itsm-lens: answers file ${bad}: 'change.approval_policy' must be 0, 0.25, 0.5 or 1 (got 0.3)`);
    writeFileSync(bad, 'answers:\n  incident.categorised: 1\n');
    expect(() => loadAnswers(bad, loadRubric())).toThrow(/measured from the data; answer only the interview questions/);
    writeFileSync(bad, 'extends: default\ncriteria:\n  - id: incident.categorised\n    fields: [colour]\n');
    expect(() => loadRubric(bad)).toThrow(UserError);
    expect(() => loadRubric(bad)).toThrow(/criterion incident\.categorised: field 'colour': ticket has no column 'colour'/);
    writeFileSync(bad, 'extends: default\ncriteria:\n  - id: incident.categorised\n    threshold: high\n');
    expect(() => loadRubric(bad)).toThrow(/criterion incident\.categorised: threshold must be a number/);
  });

  it('writes a self-contained HTML page: radar chart, evidence, roadmap, escaped strings, no network', () => {
    const rubric = join(dir, 'xss.yaml');
    writeFileSync(rubric, 'extends: default\ncriteria:\n  - id: incident.categorised\n    title: "<script>alert(1)</script> categorised"\n');
    const out = join(dir, 'page');
    const r = cli(['assess', '--db', dbOf(3), '--rubric', rubric, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'maturity.json'))).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
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
