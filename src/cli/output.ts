/** Small helpers for what commands print: numbers with separators, JSON, stderr logs honouring NO_COLOR. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

const color = !process.env.NO_COLOR && process.stderr.isTTY;
export function log(message: string): void {
  process.stderr.write(message + '\n');
}
export function dim(s: string): string {
  return color ? `\x1b[2m${s}\x1b[0m` : s;
}
