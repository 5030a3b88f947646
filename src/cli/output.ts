/** Small helpers for what commands print: numbers with separators, JSON, stderr logs. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Progress and logs go to stderr (plain text: no colours, so NO_COLOR holds trivially). */
export function log(message: string): void {
  process.stderr.write(message + '\n');
}
