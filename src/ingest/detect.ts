import { UserError } from '../errors.js';
import type { ObjectKind, ObjectMapping, SourceAdapter } from '../sources/types.js';
import { normaliseHeader } from './headers.js';
import { columnsOf } from './rules.js';
import { variantMatch, type HeaderMatch } from './header-match.js';

/** The tool and object a header row was recognised as, with the evidence. */
export interface Detection {
  adapter: SourceAdapter;
  mapping: ObjectMapping;
  score: number;
  /** 0..1: how sure, from the score's size and its margin over the runner-up tool */
  confidence: number;
  matched: string[];
  runnerUp?: { tool: string; score: number };
  /** the best three tools with their scores, for --dry-run and for the table an ambiguous file stops with */
  candidates: { tool: string; score: number; strong: number }[];
  forced: boolean;
  /** columns matched other than by the mapping's own name (alias, localised label, variant, duplicate) */
  headerMatches?: HeaderMatch[];
  /** key fields (status, opened, resolved) no column fills, with the nearest column */
  headerWarnings?: string[];
}

/** A file two tools claim almost equally: the ingest stops and shows the candidates. */
export class AmbiguousDetectionError extends UserError {
  constructor(message: string, readonly details: string) {
    super(message);
  }
}

/** The runner-up is within this share of the best score: too close to call without --source. */
const TIE_RATIO = 0.8;

const MIN_SCORE = 8;
const STRONG = 5;

interface ToolScore {
  adapter: SourceAdapter;
  score: number;
  strong: number;
  matched: string[];
}

function scoreTool(adapter: SourceAdapter, headers: Set<string>, rawHeader: string[], sample: string[][]): ToolScore {
  let score = 0;
  let strong = 0;
  const matched: string[] = [];
  for (const [token, weight] of Object.entries(adapter.signature)) {
    if (headers.has(token)) {
      score += weight;
      if (weight >= STRONG) strong++;
      matched.push(token);
    }
  }
  if (adapter.idPattern && sample.length > 0) {
    const re = new RegExp(adapter.idPattern);
    for (let c = 0; c < rawHeader.length; c++) {
      const values = sample.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
      if (values.length >= 1 && values.filter((v) => re.test(v)).length / values.length >= 0.9) {
        score += STRONG;
        strong++;
        matched.push(`${rawHeader[c]} values like ${values[0]}`);
        break;
      }
    }
  }
  return { adapter, score, strong, matched };
}

/**
 * Index of the first header that one of the aliases names; else of a header that is a structural variant of
 * one (`incident_number` for `number`), so a renamed id column still picks the object that has it.
 */
function findColumn(aliases: string[], normalised: string[]): number {
  for (const a of aliases) {
    const i = normalised.indexOf(normaliseHeader(a));
    if (i >= 0) return i;
  }
  for (const a of aliases) {
    const i = normalised.findIndex((h) => (variantMatch(a, h, false)?.strength ?? 0) >= 4);
    if (i >= 0) return i;
  }
  return -1;
}

function scoreObject(m: ObjectMapping, normalised: string[], sample: string[][]): { score: number; hasId: boolean; present: number } {
  const idCol = findColumn(columnsOf(m.fields.source_id), normalised);
  let score = 0;
  for (const [token, w] of Object.entries(m.tokens ?? {})) if (normalised.includes(token)) score += w;
  if (m.idPrefixes?.length && idCol >= 0) {
    const values = sample.map((r) => (r[idCol] ?? '').trim().toUpperCase()).filter((v) => v !== '');
    if (values.length) {
      // Longest prefix wins, so `C` (HPSM change) does not claim `CHG…`, and INC beats a bare `I…`.
      const hits = values.filter((v) => m.idPrefixes!.some((p) => v.startsWith(p) && /^[0-9]/.test(v.slice(p.length)))).length;
      score += (5 * hits) / values.length;
    }
  }
  const fields = Object.values(m.fields);
  const present = fields.filter((r) => columnsOf(r).some((a) => normalised.includes(normaliseHeader(a)))).length;
  score += (5 * present) / Math.max(fields.length, 1);
  return { score, hasId: idCol >= 0, present };
}

/**
 * The object mapping that fits a header best. One with its id column wins over any without; a file with no
 * id column at all (a text-only incident list) still maps, and its records get ids from file and line.
 */
export function chooseObject(adapter: SourceAdapter, rawHeader: string[], sample: string[][], kind?: ObjectKind): ObjectMapping | undefined {
  const normalised = rawHeader.map(normaliseHeader);
  let best: { m: ObjectMapping; score: number; hasId: boolean; present: number } | undefined;
  for (const m of adapter.objects) {
    if (kind && kind !== 'event_log' && m.object !== kind) continue;
    if (kind === 'event_log' && !m.eventLog && !m.activityLog) continue;
    const s = scoreObject(m, normalised, sample);
    // Without an id column the object with the most columns it knows wins (the share would favour small mappings).
    const better = !best || (s.hasId && !best.hasId) ||
      (s.hasId === best.hasId && (s.hasId ? s.score > best.score : s.present > best.present || (s.present === best.present && s.score > best.score)));
    if (better) best = { m, ...s };
  }
  return best?.m;
}

export interface DetectOptions {
  source?: string;
  kind?: ObjectKind;
}

export function detect(path: string, rawHeader: string[], sample: string[][], adapters: SourceAdapter[], opts: DetectOptions = {}): Detection {
  const headers = new Set(rawHeader.map(normaliseHeader));
  const scores = adapters.map((a) => scoreTool(a, headers, rawHeader, sample)).sort((x, y) => y.score - x.score);
  const forced = opts.source && opts.source !== 'auto' ? adapters.find((a) => a.id === opts.source) : undefined;
  if (opts.source && opts.source !== 'auto' && !forced) {
    throw new UserError(`unknown --source '${opts.source}'; supported: ${adapters.map((a) => a.id).join(', ')} (see itsm-lens sources)`);
  }
  const top = forced ? scores.find((s) => s.adapter === forced)! : scores[0]!;
  const runner = scores.find((s) => s !== top);
  const shown = rawHeader.slice(0, 6).map((h) => `'${h}'`).join(', ') + (rawHeader.length > 6 ? ', …' : '');
  if (!forced && !(top.score >= MIN_SCORE || top.strong >= 2)) {
    throw new UserError(
      `${path}: header not recognised as an export of any supported tool (columns ${shown}; best guess ${top.adapter.id} scored ${top.score} < ${MIN_SCORE}); ` +
        `draft a mapping with \`itsm-lens map ${/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`} --out mapping.yaml\`, check it, then ingest with --mapping FILE (mapping.yaml), or force --source/--kind (see itsm-lens sources)`,
    );
  }
  const candidates = scores.slice(0, 3).map((s) => ({ tool: s.adapter.id, score: s.score, strong: s.strong }));
  if (!forced && runner && runner.score >= top.score * TIE_RATIO && runner.score >= MIN_SCORE / 2) {
    const table = candidates.map((c) => `  ${c.tool.padEnd(14)} score ${String(c.score).padStart(5)}  strong tokens ${c.strong}`).join('\n');
    throw new AmbiguousDetectionError(
      `${path}: ${top.adapter.id} (${top.score}) and ${runner.adapter.id} (${runner.score}) both match this header; pass --source ${top.adapter.id} or --source ${runner.adapter.id}`,
      `${path}: candidate tools\n${table}`,
    );
  }
  const mapping = chooseObject(top.adapter, rawHeader, sample, opts.kind);
  if (!mapping) {
    throw new UserError(
      `${path}: looks like ${top.adapter.name} but no ${opts.kind ?? 'known'} export of it has an id column among ${shown}; ` +
        `pass --kind ticket|change|problem|asset or a --mapping FILE`,
    );
  }
  const margin = runner && top.score > 0 ? top.score / (top.score + runner.score) : 1;
  const confidence = Math.round((1 - Math.exp(-top.score / MIN_SCORE)) * margin * 100) / 100;
  return {
    adapter: top.adapter,
    mapping,
    score: top.score,
    confidence: forced ? 1 : confidence,
    matched: top.matched,
    runnerUp: runner ? { tool: runner.adapter.id, score: runner.score } : undefined,
    candidates,
    forced: Boolean(forced),
  };
}
