/**
 * The exit code a command asks for (1 = a check or lint rule failed; errors map to 2 in main.ts). Its own
 * module so that commands need not import main.ts, which imports them (an import cycle).
 */
let exitCode = 0;

export function setExitCode(code: number): void {
  exitCode = code;
}

/** The code set since the last reset; `run` resets it at the start of each invocation. */
export function takeExitCode(reset = false): number {
  const c = exitCode;
  if (reset) exitCode = 0;
  return c;
}
