/**
 * A report definition for tests that check one part of `report`: the shipped reports/monthly.yaml cut to its
 * tiles section and the charts named. With a few charts (tests of where `report --out` writes: output folders,
 * SIGKILL while writing) a run writes every kind of file a full report writes (index.html, kpis.json,
 * charts/*.svg and *.vl.json, the manifest) through the same output-folder code, at ~1.6 CPU-s instead of ~5
 * (fixtures/servicenow): the full pack's findings, clusters and data-quality sections (most of its ~930
 * statements) decide what the page says, not how the folder is written. With no chart (tests of the tiles'
 * targets) it is the tiles, all of them, as the shipped pack shows them: ~1.4 CPU-s.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './helpers.js';

type Chart = { id: string };
type Section = { id: string; kind: string; charts?: Chart[] };

/**
 * Writes the cut definition into `dir` and returns its path; `charts` are chart ids of monthly.yaml (none: tiles
 * only; 'all': every chart, for tests of what tiles and charts state, without the findings, clusters, data
 * quality and appendix sections).
 */
export function smallReportDefinition(dir: string, charts: string[] | 'all' = ['volume', 'mttr', 'change-volume']): string {
  const def = parse(readFileSync(join(ROOT, 'reports', 'monthly.yaml'), 'utf8')) as { sections: Section[] };
  const keep = (id: string) => charts === 'all' || charts.includes(id);
  def.sections = def.sections
    .filter((s) => s.kind === 'tiles' || s.kind === 'charts')
    .map((s) => (s.charts ? { ...s, charts: s.charts.filter((c) => keep(c.id)) } : s))
    .filter((s) => !s.charts || s.charts.length > 0);
  const found = def.sections.flatMap((s) => s.charts ?? []).map((c) => c.id);
  if (charts !== 'all' && found.length !== charts.length) throw new Error(`monthly.yaml has no chart ${charts.filter((c) => !found.includes(c)).join(', ')}`);
  const path = join(dir, 'small-report.yaml');
  writeFileSync(path, stringify(def));
  return path;
}

/** Writes monthly.yaml cut to the sections named (ids, in the shipped order) into `dir` and returns its path. */
export function sectionsReportDefinition(dir: string, sections: string[]): string {
  const def = parse(readFileSync(join(ROOT, 'reports', 'monthly.yaml'), 'utf8')) as { sections: Section[] };
  def.sections = def.sections.filter((s) => sections.includes(s.id));
  if (def.sections.length !== sections.length) throw new Error(`monthly.yaml has not every section of ${sections.join(', ')}`);
  const path = join(dir, `sections-${sections.join('-')}.yaml`);
  writeFileSync(path, stringify(def));
  return path;
}
