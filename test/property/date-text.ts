// An independent formatter for the strptime patterns of src/ingest/dates.ts, so that round trips do not use
// DuckDB to write the text they parse back.
export interface Wall {
  y: number;
  mo: number; // 1..12
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number; // microseconds
}

const EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** month spellings the sniffer documents (German, French, Spanish, Dutch, Portuguese, English full names) */
export const MONTH_SPELLINGS: string[][] = [
  ['Jan', 'January', 'Januar', 'janv.', 'ene', 'januari', 'janeiro'],
  ['Feb', 'February', 'Februar', 'févr.', 'febrero', 'fev'],
  ['Mar', 'March', 'März', 'Mrz', 'mars', 'marzo', 'maart', 'mrt', 'março'],
  ['Apr', 'April', 'avr.', 'abril', 'abr'],
  ['May', 'Mai', 'mayo', 'mei', 'maio'],
  ['Jun', 'June', 'Juni', 'juin', 'junio', 'junho'],
  ['Jul', 'July', 'Juli', 'juil.', 'julio', 'julho'],
  ['Aug', 'August', 'août', 'agosto', 'ago', 'augustus'],
  ['Sep', 'September', 'sept.', 'septiembre', 'setembro', 'set'],
  ['Oct', 'October', 'Oktober', 'Okt', 'octobre', 'octubre', 'outubro', 'out'],
  ['Nov', 'November', 'novembre', 'noviembre', 'novembro'],
  ['Dec', 'December', 'Dezember', 'Dez', 'déc.', 'diciembre', 'dic', 'dezembro'],
];
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface Style {
  /** leave %d %m %H %I without a leading zero (exports write 1/2/2024 9:05) */
  unpadded: boolean;
  /** index into MONTH_SPELLINGS[month] for %b (0 = English abbreviation) */
  monthSpelling: number;
  /** digits written for a fraction of a second (%n): 1 to 9 (3 milliseconds, 6 micro-, 9 nanoseconds) */
  fracDigits: number;
  /** a decimal comma before the fraction (ISO 8601 allows 11:04:00,5) */
  decimalComma?: boolean;
  /** the offset written for %z, in minutes, and whether with a colon */
  offsetMin: number;
  offsetColon: boolean;
  /** the zone written for %Z */
  zone: string;
}

const p2 = (n: number, unpadded = false) => (unpadded ? String(n) : String(n).padStart(2, '0'));

export function formatWall(format: string, w: Wall, st: Style): string {
  return format.replace('.%n', st.decimalComma ? ',%n' : '.%n').replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(w.y);
      case 'y':
        return p2(w.y % 100);
      case 'm':
        return p2(w.mo, st.unpadded);
      case 'd':
        return p2(w.d, st.unpadded);
      case 'H':
        return p2(w.h, st.unpadded);
      case 'I':
        return p2(w.h % 12 === 0 ? 12 : w.h % 12, st.unpadded);
      case 'p':
        return w.h < 12 ? 'AM' : 'PM';
      case 'M':
        return p2(w.mi);
      case 'S':
        return p2(w.s);
      case 'n':
        // microseconds, then zeros to nanoseconds, cut to the digits written
        return (String(w.us).padStart(6, '0') + '000').slice(0, st.fracDigits);
      case 'b': {
        const list = MONTH_SPELLINGS[w.mo - 1]!;
        return list[st.monthSpelling % list.length]!;
      }
      case 'a':
        return DOW[new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay()]!;
      case 'z': {
        const a = Math.abs(st.offsetMin);
        return `${st.offsetMin < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}${st.offsetColon ? ':' : ''}${p2(a % 60)}`;
      }
      case 'Z':
        return st.zone;
      default:
        throw new Error(`formatWall: %${c} not supported`);
    }
  });
}

/** The wall time the format can carry: fields it does not write are zero (fractions to its precision). */
export function carried(format: string, w: Wall, st: Style): Wall {
  const has = (c: string) => format.includes(`%${c}`);
  const time = has('H') || has('I');
  return {
    ...w,
    h: time ? w.h : 0,
    mi: time ? w.mi : 0,
    s: has('S') ? w.s : 0,
    us: has('n') ? (st.fracDigits >= 6 ? w.us : Math.floor(w.us / 10 ** (6 - st.fracDigits)) * 10 ** (6 - st.fracDigits)) : 0,
  };
}

export const wallMs = (w: Wall) => Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) + Math.floor(w.us / 1000);
export const EN_MONTHS = EN;
