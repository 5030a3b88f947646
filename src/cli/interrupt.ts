/**
 * Ctrl-C (SIGINT) and SIGTERM during a long command: the first signal asks the work to stop (DuckDB's running
 * query is interrupted, the file's transaction rolls back, the command's `finally` blocks remove temporary
 * files), the command says what it cleaned up and exits 128 + the signal number. A second signal exits at once.
 */
export const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** The error a command throws once it has stopped on a signal; the CLI prints its message and exits 130 / 143. */
export class Interrupted extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM', message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

export interface SignalTrap {
  /** aborted on the first signal (reason: the signal's name) */
  signal: AbortSignal;
  /** the signal received, if any */
  received(): 'SIGINT' | 'SIGTERM' | undefined;
  /** restores the default handling */
  release(): void;
}

export function trapSignals(onSignal: () => void): SignalTrap {
  const ac = new AbortController();
  let got: 'SIGINT' | 'SIGTERM' | undefined;
  const handler = (sig: 'SIGINT' | 'SIGTERM') => {
    if (got) process.exit(SIGNAL_EXIT[sig]);
    got = sig;
    ac.abort(sig);
    onSignal();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: ac.signal,
    received: () => got,
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
