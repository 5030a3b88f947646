import { UserError } from '../errors.js';
import type { TargetSetting } from './project.js';

/**
 * The target a tile or a check rule measures against, and whose it is. Targets are the organisation's to set
 * (`targets:` in the project config); the report definition's `target`/`amber` are shipped defaults and are
 * shown as such, never as if the organisation had chosen them.
 */
export interface EffectiveTarget {
  target: number | null;
  amber: number | null;
  /** config: the project config's targets:; default: the report definition's; null: none */
  source: 'config' | 'default' | null;
}

export interface Targeted {
  kpi: string;
  better?: 'higher' | 'lower';
  /** the unit of the value: a percent tile's target is a share */
  format?: string;
  target?: number;
  amber?: number;
}

/**
 * The organisation's target for `t.kpi` when the config sets one (its amber only with it: a shipped amber
 * next to the organisation's own target could sit on the wrong side of it), else the definition's default.
 */
export function effectiveTarget(t: Targeted, targets: Record<string, TargetSetting>, configFile: string | null): EffectiveTarget {
  const own = targets[t.kpi];
  if (own) {
    const at = `${configFile ?? 'config'}: targets.${t.kpi}`;
    if (t.format === 'percent') {
      for (const [k, v] of [['target', own.target], ['amber', own.amber]] as const) {
        if (v !== undefined && (v < 0 || v > 1)) throw new UserError(`${at}.${k} ${v} is a rate: write it as a share of 1 (0.95 for 95 %)`);
      }
    }
    if (own.amber !== undefined && t.better && (t.better === 'higher' ? own.amber > own.target : own.amber < own.target)) {
      throw new UserError(`${at}.amber ${own.amber} must lie beyond the target ${own.target} (${t.better} is better: amber is the ${t.better === 'higher' ? 'lower' : 'higher'} bound of "watch")`);
    }
    return { target: own.target, amber: own.amber ?? null, source: 'config' };
  }
  if (t.target === undefined) return { target: null, amber: null, source: null };
  return { target: t.target, amber: t.amber ?? null, source: 'default' };
}
