import { buildProgram } from './program.js';
import { reportFatal } from './fatal.js';

const debug = process.argv.includes('--debug');
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportFatal(err, debug);
  });
