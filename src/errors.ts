/**
 * An error the user can fix (bad input, bad option). The CLI prints its message as one line and exits 2;
 * anything else is a bug and keeps its stack trace under --debug.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
