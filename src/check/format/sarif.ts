/**
 * SARIF 2.1.0 (validated against the OASIS schema in the tests), shared by check and lint. Rule ids are the
 * config's (check) or the rule files' (lint); partialFingerprints hash the rule and the breakdown member,
 * so the same problem in the next run is recognised as the same alert.
 */
import type { CheckDocument } from '../evaluate.js';
import { caseName, fingerprint, multiKindRules } from './labels.js';

export interface SarifRule {
  id: string;
  description: string;
  level: 'error' | 'warning' | 'note';
  properties?: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note' | 'none';
  kind: 'fail' | 'open';
  message: string;
  /** the file and line the result is about (the config rule, a record's export line) */
  location?: { uri: string; line?: number };
  related?: { uri: string; line?: number; message: string }[];
  fingerprintParts: string[];
  properties?: Record<string, unknown>;
}

const uriOf = (p: string) => encodeURI(p.replace(/\\/g, '/'));
const physical = (l: { uri: string; line?: number }) => ({
  physicalLocation: { artifactLocation: { uri: uriOf(l.uri) }, ...(l.line ? { region: { startLine: l.line } } : {}) },
});

export function sarifLog(tool: { name: string; version: string }, rules: SarifRule[], results: SarifResult[], properties: Record<string, unknown> = {}): Record<string, unknown> {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: r.level },
              ...(r.properties ? { properties: r.properties } : {}),
            })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: index.get(r.ruleId),
          kind: r.kind,
          level: r.level,
          message: { text: r.message },
          ...(r.location ? { locations: [physical(r.location)] } : {}),
          ...(r.related?.length ? { relatedLocations: r.related.map((l, i) => ({ id: i, ...physical(l), message: { text: l.message } })) } : {}),
          partialFingerprints: { 'itsmLens/v1': fingerprint(r.ruleId, ...r.fingerprintParts) },
          ...(r.properties ? { properties: r.properties } : {}),
        })),
        properties,
      },
    ],
  };
}

/** Failed and unevaluated check results (passes and skips are not alerts). */
export function renderCheckSarif(doc: CheckDocument, version: string): Record<string, unknown> {
  const multi = multiKindRules(doc.results);
  const seen = new Map<string, SarifRule>();
  for (const r of doc.results) {
    if (!seen.has(r.rule)) {
      seen.set(r.rule, { id: r.rule, description: `${r.metric}: ${[...new Set(doc.results.filter((x) => x.rule === r.rule).map((x) => x.kind))].join(', ')}`, level: r.severity === 'error' ? 'error' : 'warning', properties: { metric: r.metric } });
    }
  }
  const results: SarifResult[] = doc.results
    .filter((r) => r.status === 'fail' || r.status === 'unevaluated')
    .map((r) => ({
      ruleId: r.rule,
      kind: r.status === 'fail' ? 'fail' : 'open',
      level: r.status === 'fail' ? (r.severity === 'error' ? 'error' : 'warning') : 'none',
      message: `${caseName(r, multi.has(r.rule))}, ${doc.period.label}: ${r.message}`,
      location: { uri: doc.config, line: r.line },
      fingerprintParts: [r.kind, JSON.stringify(r.breakdown)],
      properties: { period: doc.period.label, breakdown: r.breakdown, value: r.value, n: r.n, ...(r.baseline ? { baseline: r.baseline } : {}), ...(r.test ? { test: r.test } : {}) },
    }));
    // passes and skips are no alerts, but every rule's state is in the log: the run's properties list each result
  const states = doc.results.map((r) => ({ ruleId: r.rule, kind: r.kind, breakdown: r.breakdown, status: r.status, message: r.message }));
  return sarifLog({ name: 'itsm-lens', version }, [...seen.values()], results, {
    period: doc.period, summary: doc.summary, ...(doc.unevaluable ? { unevaluable: doc.unevaluable } : {}), states,
  });
}
