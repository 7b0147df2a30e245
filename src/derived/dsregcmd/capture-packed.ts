import type { Capture } from './capture.js';
import type { ErrorPhase, JoinState } from './types.js';

/**
 * A Capture as the values of its fields, in the interface's order: what a parse worker posts to the thread that
 * keeps the fleet. Without a field name to write and read back per value, a chunk costs less to send and to
 * receive, and unpackCapture builds the same shape as toCapture (one hidden class for every record). Apart
 * from capture.ts, so that the receiving side does not load the parser.
 */
export type PackedCapture = [
  deviceId: string | null,
  host: string | null,
  name: string,
  dnsDomain: string | null,
  netbios: string | null,
  joinState: JoinState,
  errorPhase: ErrorPhase | null,
  clientErrorCode: string | null,
  codePair: string | null,
  clientTime: number | null,
  fileTime: number,
  source: string,
  proxy: string | null,
  cut: boolean,
  errorKnown: boolean,
];

export function packCapture(c: Capture): PackedCapture {
  return [c.deviceId, c.host, c.name, c.dnsDomain, c.netbios, c.joinState, c.errorPhase, c.clientErrorCode, c.codePair, c.clientTime, c.fileTime, c.source, c.proxy, c.cut, c.errorKnown];
}

export function unpackCapture(p: PackedCapture): Capture {
  return { deviceId: p[0], host: p[1], name: p[2], dnsDomain: p[3], netbios: p[4], joinState: p[5], errorPhase: p[6], clientErrorCode: p[7], codePair: p[8], clientTime: p[9], fileTime: p[10], source: p[11], proxy: p[12], cut: p[13], errorKnown: p[14] };
}
