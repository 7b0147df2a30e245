/** One text file → one capture in the fleet: what the parse workers load (the parser, nothing of the inputs' listing). */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { captureOfBytes, type CaptureSource } from '../../derived/dsregcmd/capture.js';
import { fsMessage } from '../../util/fs-errors.js';
import { MAX_INPUT_BYTES } from './dsregcmd-input.js';
import type { IngestContext } from './fleet-input.js';

/** One buffer → one capture (or a foreign file). */
export function addCaptureBytes(ctx: IngestContext, bytes: Uint8Array, from: CaptureSource): void {
  const capture = captureOfBytes(bytes, ctx.decode, from);
  if (capture === null) ctx.fleet.addForeign(from.source, 'not dsregcmd /status output (no join state or diagnostics found)');
  else ctx.fleet.add(capture);
}

let scratch = Buffer.allocUnsafe(256 * 1024);

/** Reads a whole file with one open/fstat/read/close (no promise per file: tens of thousands of files). */
function readSmallFile(path: string): { bytes: Buffer; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.size > MAX_INPUT_BYTES) throw new Error(`larger than ${MAX_INPUT_BYTES} bytes`);
    if (scratch.length < st.size + 1) scratch = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, scratch, n, scratch.length - n, null);
      if (r === 0) break;
      n += r;
      // a regular file read to its size needs no second read to see the end (as readFileSync does)
      if (n === st.size && st.isFile()) break;
      if (n > MAX_INPUT_BYTES) throw new Error(`larger than ${MAX_INPUT_BYTES} bytes`);
      if (n === scratch.length) scratch = Buffer.concat([scratch, Buffer.allocUnsafe(scratch.length)]);
    }
    return { bytes: scratch.subarray(0, n), mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

export function addTextFile(ctx: IngestContext, path: string): void {
  let file: { bytes: Buffer; mtimeMs: number };
  try {
    file = readSmallFile(path);
  } catch (err) {
    ctx.fleet.addUnreadable(path, fsMessage(err));
    return;
  }
  addCaptureBytes(ctx, file.bytes, { source: path, fallbackName: basename(path), fileTime: file.mtimeMs });
}
