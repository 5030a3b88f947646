/** Small helpers for what commands print: numbers with separators, JSON, stderr logs. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

// C0 controls but tab and line feed (ESC starts the terminal's escape sequences, CR overwrites a line), DEL,
// C1 controls (0x9b is a one-byte CSI), and the bidi embeddings, overrides and isolates that reorder a line.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the data made safe for a terminal: control characters become visible escapes (`\x1b`,
 * `\u202e`), so a ticket title cannot clear the screen, rewrite a line or reverse the text after it.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** Prints a text rendering (not JSON: its strings are escaped by JSON itself) on stdout, control characters escaped. */
export function printText(text: string): void {
  process.stdout.write(escapeControls(text) + '\n');
}

/** Progress and logs go to stderr (plain text: no colours, so NO_COLOR holds trivially; control characters escaped). */
export function log(message: string): void {
  process.stderr.write(escapeControls(message) + '\n');
}
