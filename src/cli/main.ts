import { buildProgram } from './program.js';
import { reportFatal } from './fatal.js';
import { PromptInterrupted } from '../util/prompt.js';

/**
 * A reader that went away (`haadj-preflight ... | head -1`) is not an error: once stdout or stderr
 * reports EPIPE, further writes to it are dropped and the command ends with its normal exit code,
 * without a stack trace. Any other write error on stdout is one line on stderr and exit 2.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream, isStdout: boolean): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      stream.write = (() => true) as typeof stream.write;
      return;
    }
    if (isStdout) {
      process.stderr.write(`haadj-preflight: cannot write to standard output: ${err.code ?? err.message}\n`);
      process.exitCode = 2;
    }
  });
}

quietOnClosedPipe(process.stdout, true);
quietOnClosedPipe(process.stderr, false);

const debug = process.argv.includes('--debug');
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Ctrl-C at a prompt: the shell's convention for SIGINT, nothing on stdout
    if (err instanceof PromptInterrupted) process.exitCode = 130;
    else process.exitCode = reportFatal(err, debug);
  });
