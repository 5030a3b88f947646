/** The findings@1 document as text for a terminal. */
import { TOP_FINDINGS, type FindingsDocument } from './types.js';

/** A reader's page by default: the strongest few in plain words; `all` adds the rest, each with its statistics. */
export function renderFindingsText(doc: FindingsDocument, all = false): string {
  const shown = all ? doc.findings : doc.findings.slice(0, TOP_FINDINGS);
  const lines = [
    doc.findings.length
      ? all
        ? `${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'} (${doc.tested} hypotheses tested, false-discovery rate ${doc.q})`
        : `${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'}${doc.findings.length > shown.length ? `, the ${shown.length} strongest first` : ''}`
      : `nothing unusual: none of ${doc.tested} tested hypotheses is both significant at a false-discovery rate of ${doc.q} and large enough to report`,
    ...shown.flatMap((f) => [`${String(f.rank).padStart(3)}. ${f.summary}`, ...(all ? [`     ${f.kind} · ${f.statistics}`] : [])]),
    ...(doc.findings.length > shown.length ? [`… ${doc.findings.length - shown.length} more, and the statistics behind each: --all (or --json)`] : []),
    // the first note says what was tested and at which q: with --all, the statistics' page
    ...(doc.notes ?? []).slice(all || !doc.findings.length ? 0 : 1).map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}
