/** An error the user can fix (bad config, missing file, unusable input): one line, exit 2, no stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
