/**
 * Worker thread of `dsregcmd summarize`: reads and parses the text files it is handed (a chunk at a
 * time) and posts back the compact captures; the thread that keeps the fleet parses its own share. Used
 * only for large directories, where parsing is the bottleneck (see docs/performance.md). Stopped by terminate().
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Capture } from '../../derived/dsregcmd/capture.js';
import { packCapture, type PackedCapture } from '../../derived/dsregcmd/capture-packed.js';
import { Fleet } from '../../derived/dsregcmd/fleet.js';
import type { DecodeOptions } from '../../derived/windows-text.js';
import { addTextFile } from './fleet-read.js';

/** A capture (packed: see PackedCapture), or an input that is not one. */
export type WorkerResult = PackedCapture | { kind: 'unreadable' | 'foreign'; source: string; message: string };

/** A Fleet look-alike that records instead of keeping: what the worker posts back. */
class Recorder extends Fleet {
  results: WorkerResult[] = [];
  override add(capture: Capture): void {
    this.results.push(packCapture(capture));
  }
  override addUnreadable(source: string, message: string): void {
    this.results.push({ kind: 'unreadable', source, message });
  }
  override addForeign(source: string, message: string): void {
    this.results.push({ kind: 'foreign', source, message });
  }
}

const decode = (workerData as { decode?: DecodeOptions } | undefined)?.decode ?? {};
parentPort?.on('message', (files: string[]) => {
  const rec = new Recorder();
  for (const f of files) addTextFile({ fleet: rec, decode }, f);
  parentPort?.postMessage(rec.results);
});
