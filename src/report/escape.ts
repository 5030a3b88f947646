import { createHash } from 'node:crypto';

/**
 * Text and attribute values for HTML: every string that comes from the data goes through this. Bidi embedding,
 * override and isolate controls (U+202A–E, U+2066–9) are dropped: in data they only serve to make a line read
 * differently from what it holds (a reversed name, a spoofed figure).
 */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes so that no data
 * string (say a group named `</script><script>…`) can end the block or open a comment; U+2028/9 too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CSP source expression allowing exactly this inline script. */
export function cspHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}
