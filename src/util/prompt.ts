/** The user pressed Ctrl-C (or closed the terminal) at a prompt; the CLI exits 130 and prints nothing more. */
export class PromptInterrupted extends Error {
  constructor() {
    super('interrupted at the prompt');
    this.name = 'PromptInterrupted';
  }
}

/**
 * Asks for a secret on the terminal without echoing it. The prompt goes to stderr, so stdout
 * (the report) stays clean; Ctrl-C rejects with PromptInterrupted. The prompt library is loaded here,
 * not at start-up (every command imports this module for PromptInterrupted; loading it costs ~30 ms).
 */
export async function promptHidden(question: string): Promise<string> {
  const { default: password } = await import('@inquirer/password');
  try {
    return await password(
      { message: question.replace(/:\s*$/, ''), mask: false, toggleMask: false },
      { input: process.stdin, output: process.stderr, clearPromptOnDone: false },
    );
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') throw new PromptInterrupted();
    throw err;
  }
}
