/**
 * Real exports as analysts re-publish them (issue 17): variants of the ServiceNow audit log (UCI 498) are
 * derived at test time from ../shared/data (never committed) and must give the README's reference figures,
 * computed independently from the original file: 20,769 incidents, SLA 12,595 met (60.64 %), median
 * resolution 24.6 h over 19,351 resolved.
 *
 * - prefixes stripped: `INC0000045` → `0000045`, `Caller 2403` → `2403`, `Group 56` → `56` (every "Word N"
 *   coded value loses its word). Before the object decided the kind, every ticket was `other` and kpi
 *   reported 0 incidents with exit 0.
 * - columns in reverse order;
 * - dates ('29/2/2016 01:16') rewritten as notebooks and database clients write them: nine fractional digits,
 *   ISO `T…Z` with three, six (a style per column). Before, nine digits refused the whole file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { renderHeaderMatches } from '../../src/ingest/dry-run.js';
import type { HeaderMatch } from '../../src/ingest/header-match.js';
import { cli, kpiJson, SHARED_DATA, tempDir } from '../helpers.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
const source = join(SHARED_DATA, 'servicenow-uci', 'incident_event_log.csv.gz');
const dir = tempDir('itsm-lens-variants-');

/** Writes a variant of the audit log: `select` maps the original (all VARCHAR) columns. */
async function variant(name: string, select: (cols: string[]) => string): Promise<string> {
  const out = join(dir, `${name}.csv`);
  const s = await Store.open(':memory:', { migrate: false });
  try {
    const src = `read_csv('${source}', all_varchar = true, header = true)`;
    const cols = (await s.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${src})`)).map((r) => r.column_name);
    await s.run(`COPY (SELECT ${select(cols)} FROM ${src}) TO '${out}' (FORMAT csv, HEADER)`);
  } finally {
    s.close();
  }
  return out;
}

function expectReferenceFigures(db: string): Record<string, any> {
  const k = kpiJson(db);
  expect(k.counts.incidents).toBe(20769);
  expect(k.kpis.sla_attainment).toMatchObject({ n: 20769, met: 12595 });
  expect(k.kpis.mttr).toMatchObject({ n: 19351 });
  expect(Math.abs(k.kpis.mttr.median - 24.6)).toBeLessThanOrEqual(0.1);
  return k;
}

describe.skipIf(!present)('a variant of the ServiceNow audit log: prefixes stripped, columns reordered', () => {
  let file: string;
  beforeAll(async () => {
    // "INC0000045" → "0000045"; "Caller 2403", "Opened by  8", "Group 56" … → the number alone; '?' stays;
    // and the columns in reverse order (one variant, one ingest: the suite's time is shared).
    // Dates ('29/2/2016 01:16') are rewritten as a notebook or a database client writes them, a style per
    // column: nine fractional digits, ISO with T, three digits and Z, six digits.
    const styles = [`'%Y-%m-%d %H:%M:%S' || '.000000000'`, `'%Y-%m-%dT%H:%M:%S' || '.000Z'`, `'%Y-%m-%d %H:%M:%S' || '.000000'`];
    file = await variant('stripped-reordered', (cols) =>
      [...cols]
        .reverse()
        .map((c, i) => {
          const q = JSON.stringify(c);
          const [fmt, frac] = styles[i % styles.length]!.split(' || ') as [string, string];
          return `CASE WHEN regexp_full_match(${q}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{2}:[0-9]{2}')
            THEN strftime(strptime(${q}, '%d/%m/%Y %H:%M'), ${fmt}) || ${frac}
            ELSE regexp_replace(${q}, '^(INC|[A-Z][a-z]+( [a-z]+)? +)([0-9]+)$', '\\3') END AS ${q}`;
        })
        .join(', '),
    );
  }, 300_000);

  it('is read as ServiceNow incidents: the object decides the kind, and the reference figures hold', async () => {
    const db = join(dir, 'variant.duckdb');
    const r = cli(['ingest', '--db', db, file]);
    expect(r.code, r.stderr).toBe(0);
    // each rewritten date column was read with its fractional seconds
    expect(r.stdout).toMatch(/opened_at %Y-%m-%d[ T]%H:%M:%S\.%n/);
    expect(r.stderr).toMatch(/ServiceNow incident · score/);
    // the summary says how many took their kind from the object, and why (every ticket of the variant)
    expect(r.stdout).toMatch(/\n {2}kind: 20,769 records taken as incident from the file's object: their ids \(column 'number'\) carry no prefix that names a kind \(such as INC\), and the file was recognised as an incident export\n/);
    const k = expectReferenceFigures(db);
    expect(k.counts.other ?? 0).toBe(0);
    // the variant really is stripped: no id keeps its prefix, callers are bare numbers
    const s = await Store.open(db, { readOnly: true });
    try {
      expect(await s.one(`SELECT count(*) FILTER (WHERE source_id LIKE 'INC%') AS prefixed, count(*) FILTER (WHERE requester LIKE 'Caller%') AS callers FROM ticket`)).toEqual({
        prefixed: 0,
        callers: 0,
      });
    } finally {
      s.close();
    }
  });
});

describe.skipIf(!present)('a variant of the ServiceNow audit log whose headers drifted: renamed, truncated, duplicated', () => {
  // original → as written in the variant, and the reason the summary must give (issue 17.3)
  const renames: Record<string, [string, RegExp]> = {
    number: ['incident_number', /'incident_number' ← source_id: variant of 'number' \(prefix or suffix dropped\)/],
    sys_mod_count: ['mod_count', /'mod_count' ← event_log\.seq: variant of 'sys_mod_count'/],
    sys_updated_at: ['updated_at_sys', /'updated_at_sys' ← updated_at: variant of 'sys_updated_at' \(words reordered\)/],
    made_sla: ['sla_made', /'sla_made' ← sla_met: variant of 'made_sla' \(words reordered\)/],
    opened_at: ['Opened', /'Opened' ← opened_at: alias/],
    resolved_at: ['resolvd_at', /'resolvd_at' ← resolved_at: 1 edit from 'resolved_at'/],
    reassignment_count: ['reassignment_cou', /'reassignment_cou' ← reassignment_count: 'reassignment_count' truncated/],
    incident_state: ['incident_sta', /'incident_sta' ← status: 'incident_state' truncated/],
    // a header written twice: the field reads the first, the summary says so
    subcategory: ['category', /'category' ← category: 2 columns are named 'category': this field reads 'category' \(column 17\); 'category \(2\)' not/],
  };
  let file: string;
  beforeAll(async () => {
    file = await variant('drifted-headers', (cols) => cols.map((c) => `${JSON.stringify(c)} AS ${JSON.stringify(renames[c]?.[0] ?? c)}`).join(', '));
    // DuckDB writes a repeated name as `category_1`: the header line is written as the variant has it
    const text = readFileSync(file, 'utf8');
    const cut = text.indexOf('\n');
    writeFileSync(file, text.slice(0, cut).replace('category_1', 'category') + text.slice(cut));
  }, 300_000);

  it('maps every drifted column with its reason and gives the reference figures', async () => {
    const db = join(dir, 'drifted.duckdb');
    const r = cli(['ingest', '--json', '--db', db, file]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout).files[0];
    const matches = summary.column_matches as HeaderMatch[];
    expect(matches.filter((m) => m.how === 'variant').map((m) => m.column).sort()).toEqual(
      ['incident_number', 'incident_number', 'incident_sta', 'mod_count', 'reassignment_cou', 'resolvd_at', 'sla_made', 'updated_at_sys', 'updated_at_sys'],
    );
    expect(summary.header_warnings).toBeUndefined();
    // the lines the text summary and --dry-run print for these matches
    const text = renderHeaderMatches(matches, summary.header_warnings).join('\n');
    for (const [, re] of Object.values(renames)) expect(text).toMatch(re);
    expectReferenceFigures(db);
  });
});
