import type { Vocab } from './types.js';

/** Vocabularies several tools share. A tool's own `vocab` entry of the same name takes precedence. */
export const COMMON_VOCAB: Record<string, Vocab> = {
  bool: {
    // English, then German, French, Spanish, Dutch, Portuguese
    map: {
      true: true, false: false, yes: true, no: false, y: true, n: false, '1': true, '0': false, t: true, f: false,
      ja: true, nein: false, wahr: true, falsch: false, oui: true, non: false, vrai: true, faux: false,
      sí: true, si: true, verdadero: true, falso: false, nee: false, waar: true, onwaar: false, sim: true, não: false, verdadeiro: true,
    },
    otherwise: null,
  },
  // `1 - Critical`, `2 - High` … and bare numbers: the leading digit is the level.
  leading_int: { patterns: [['^\\s*(\\d+)', '$1']], otherwise: null },
};
