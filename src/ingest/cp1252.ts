/**
 * Windows-1252 decoding of our own. Excel's "CSV" on Western Windows writes it, and its 0x80–0x9F block
 * (€ ‚ „ … – — ‘ ’ “ ” ™ Œ Š Ž …) is what tells it from latin-1. Node 20.18.3+ (and some 22–24 releases)
 * decode `new TextDecoder('windows-1252')` as latin-1 on their fast path, turning € into U+0080
 * (nodejs/node#56542, #60888); only the streaming path was right. Windows-1252 is latin-1 plus that fixed
 * 32-entry block (WHATWG Encoding Standard, index-windows-1252), so the table below is all it takes, and the
 * result no longer depends on the Node release.
 */

/** U+ code points of bytes 0x80–0x9F; the five bytes Windows leaves undefined map to their C1 control, as WHATWG does. */
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const C1 = /[\u0080-\u009f]/g;
const toCp1252 = (c: string): string => String.fromCharCode(HIGH[c.charCodeAt(0) - 0x80]!);

/** Decodes Windows-1252 bytes. A single-byte encoding: any split of the input decodes piece by piece. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(C1, toCp1252);
}
