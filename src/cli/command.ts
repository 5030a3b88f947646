import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import type { GlobalArgs } from './main.js';

/**
 * A command: its usage and options, and a handler that returns the process's exit code (nothing = 0; 1 = a
 * check or lint rule failed, 2 = a check could not be evaluated). main.ts returns it: no module state carries it.
 * Errors are thrown, and main.ts maps them to 2 (or a signal's code).
 */
export interface Command<A> {
  builder: CommandModule<GlobalArgs, A>['builder'];
  handler: (args: ArgumentsCamelCase<A>) => Promise<number | void> | number | void;
}
