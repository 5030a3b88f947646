/**
 * `check` as one call: the period (a --from/--to range, the --month given, or the latest complete month of
 * typical size from the coverage model), then the rules evaluated on it → the check@1 document.
 */
import type { Store } from '../store/db.js';
import type { ProjectConfig } from '../config/project.js';
import { chooseMonth, EmptyMonth, type CoverageMonth } from '../coverage/index.js';
import { parseMonth, resolvePeriod, type Period } from '../period/period.js';
import type { CheckConfig } from './config.js';
import { evaluateCheck, type CheckDocument } from './evaluate.js';

export interface CheckRun {
  doc: CheckDocument;
  /** the --month asked for holds no tickets: every rule is unevaluable (the document's exit code is 2), and this says why */
  emptyMonth: string | null;
}

export async function runCheck(
  store: Store, config: CheckConfig, opts: {
    month?: string; from?: string; to?: string; project: ProjectConfig;
    /** gets a line for stderr as soon as it is known: why this month was chosen, or what is wrong with the one given */
    log?: (line: string) => void;
  },
): Promise<CheckRun> {
  let period: Period;
  let coverage: CoverageMonth[] | undefined;
  let emptyMonth: string | null = null;
  if (opts.from || opts.to) period = resolvePeriod(opts);
  else {
    if (opts.month) parseMonth(opts.month); // YYYY-MM before the coverage model judges the month
    try {
      const m = await chooseMonth(store, opts.month || undefined, opts.project.coverage.minShare);
      if (m.note) opts.log?.(`check: ${m.note}`);
      period = resolvePeriod({ month: m.month });
      coverage = m.coverage;
    } catch (e) {
      // a month without tickets: every rule is written as unevaluable (the CI report shows each), exit 2
      if (!(e instanceof EmptyMonth)) throw e;
      emptyMonth = e.message;
      period = resolvePeriod({ month: opts.month });
    }
  }
  const doc = await evaluateCheck(store, config, period, { project: opts.project, coverage });
  return { doc, emptyMonth };
}
