/**
 * Small misbehaving servers for the fault-matrix tests: a DC port that accepts TCP and never speaks
 * (so an LDAPS client's TLS handshake stalls), an LDAPS DC that completes TLS and then never answers,
 * an LDAPS DC that answers bind and rootDSE and drops the connection on the SCP search, and HTTP
 * proxies that reset CONNECT, answer it with garbage, or tunnel to an "endpoint" that floods or drips.
 *
 * Everything binds to 127.0.0.30-49 only; every server keeps track of its sockets and closes them on
 * stop(); every loop is bounded by bytes and by time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, TLSSocket, type Server as TlsServer } from 'node:tls';
import { BerReader, BerWriter } from 'ldapts';

export { ensureLoopbackAddress } from './samba.js';

/** Loopback addresses of the fakes (the range reserved for them). */
export const FAULT_IP = {
  deadDc: '127.0.0.30',
  silentDc: '127.0.0.31',
  muteDc: '127.0.0.32',
  dropDc: '127.0.0.33',
  resetProxy: '127.0.0.40',
  garbageProxy: '127.0.0.41',
  floodProxy: '127.0.0.42',
  dripProxy: '127.0.0.43',
} as const;

export interface Stoppable {
  stop(): Promise<void>;
}

/** A lab CA and a server certificate carrying the given IP and DNS SANs (openssl, into a fresh temp dir). */
export interface FaultCerts {
  dir: string;
  caFile: string;
  caName: string;
  key: Buffer;
  cert: Buffer;
  cleanup(): void;
}

export function makeFaultCerts(ips: string[], names: string[] = []): FaultCerts {
  const dir = mkdtempSync(join(tmpdir(), 'haadj-faults-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const caName = 'HAADJ Fault Lab CA';
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/O=HAADJ Lab/CN=${caName}`, '-keyout', 'ca.key', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const san = [...ips.map((ip) => `IP:${ip}`), ...names.map((n) => `DNS:${n}`)].join(',');
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/O=HAADJ Lab/CN=fault-dc', '-keyout', 'leaf.key', '-out', 'leaf.csr']);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caName,
    key: readFileSync(join(dir, 'leaf.key')),
    cert: readFileSync(join(dir, 'leaf.pem')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function listen(server: NetServer | TlsServer, ip: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Tracks sockets so stop() can destroy them; swallows their errors (the client side is under test). */
function tracked<S extends NetServer | TlsServer>(server: S, sockets: Set<Socket>): Stoppable & { server: S } {
  const hold = (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
  };
  server.on('connection', hold);
  server.on('secureConnection', hold);
  server.on('tlsClientError', () => undefined);
  return {
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP and never sends a byte: an LDAPS client's TLS handshake stalls; an LDAP client waits forever. */
export async function startSilentServer(ip: string, ports: number[]): Promise<Stoppable> {
  const stops: Stoppable[] = [];
  for (const port of ports) {
    const sockets = new Set<Socket>();
    const t = tracked(createNetServer(() => undefined), sockets);
    await listen(t.server, ip, port);
    stops.push(t);
  }
  return { stop: async () => void (await Promise.all(stops.map((s) => s.stop()))) };
}

// ---- minimal LDAP server side (BER by hand, using ldapts' BerReader/BerWriter) ----

const LDAP = { bindRequest: 0x60, bindResponse: 0x61, unbindRequest: 0x42, searchRequest: 0x63, searchEntry: 0x64, searchDone: 0x65, extendedRequest: 0x77, extendedResponse: 0x78 } as const;

interface LdapRequest {
  messageId: number;
  op: number;
  /** Search base (searchRequest only). */
  base?: string;
}

/** Splits complete BER TLVs off the front of a buffer; returns them and the remainder. */
export function splitBer(buf: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let i = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    if (buf.length - i < 2) break;
    const first = buf[i + 1] as number;
    let length: number;
    let header: number;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      const n = first & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported BER length');
      if (buf.length - i < 2 + n) break;
      length = buf.readUIntBE(i + 2, n);
      header = 2 + n;
    }
    if (buf.length - i < header + length) break;
    messages.push(buf.subarray(i, i + header + length));
    i += header + length;
  }
  return { messages, rest: buf.subarray(i) };
}

function parseRequest(message: Buffer): LdapRequest {
  const r = new BerReader(message);
  r.readSequence();
  const messageId = r.readInt() ?? 0;
  const op = r.peek() ?? 0;
  const req: LdapRequest = { messageId, op };
  if (op === LDAP.searchRequest) {
    r.readSequence(LDAP.searchRequest);
    req.base = r.readString() ?? '';
  }
  return req;
}

function envelope(messageId: number, op: number, body: (w: BerWriter) => void): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(op);
  body(w);
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

function result(messageId: number, op: number, code: number, diagnostic = ''): Buffer {
  return envelope(messageId, op, (w) => {
    w.writeEnumeration(code);
    w.writeString('');
    w.writeString(diagnostic);
  });
}

function entry(messageId: number, dn: string, attributes: Record<string, string[]>): Buffer {
  return envelope(messageId, LDAP.searchEntry, (w) => {
    w.writeString(dn);
    w.startSequence();
    for (const [type, values] of Object.entries(attributes)) {
      w.startSequence();
      w.writeString(type);
      w.startSequence(0x31);
      for (const v of values) w.writeString(v);
      w.endSequence();
      w.endSequence();
    }
    w.endSequence();
  });
}

function generalizedTime(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`;
}

/** What AD answers an unauthenticated search below the rootDSE. */
const BIND_REQUIRED = '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563';

export interface FakeLdapsOptions {
  ip: string;
  port?: number;
  key?: Buffer;
  cert?: Buffer;
  /** DC=... of the fake forest, e.g. DC=faults,DC=test. */
  baseDn: string;
  /**
   * What to do with a search below the rootDSE on a bound connection: 'answer' (an entry with
   * objectClass), or 'drop' (destroy the socket without a response). The default drops the SCP
   * search (its base starts with the SCP's CN) and answers everything else.
   */
  onSearch?: (base: string) => 'answer' | 'drop' | 'reset';
  /** Complete TLS, then never answer any LDAP request. */
  mute?: boolean;
  /** Plain LDAP instead of LDAPS (then 'reset' sends a TCP RST; over TLS it closes like 'drop'). */
  plain?: boolean;
}

export interface FakeLdaps extends Stoppable {
  /** Search bases seen on bound connections, in order. */
  searches: string[];
  /** How many connections were dropped mid-search. */
  drops: number;
  connections: number;
}

/** An LDAPS (or plain LDAP) "DC" on ip:636 (389) with a lab certificate: bind and rootDSE work; the SCP search kills the connection. */
export async function startFakeLdaps(opts: FakeLdapsOptions): Promise<FakeLdaps> {
  const sockets = new Set<Socket>();
  const state: FakeLdaps = { searches: [], drops: 0, connections: 0, stop: async () => undefined };
  const onSearch = opts.onSearch ?? ((base: string) => (/^CN=62a0ff2e-97b9-4513-943f-0d221bd30080,/i.test(base) ? 'drop' : 'answer'));
  const handler = (socket: Socket) => {
    state.connections++;
    if (opts.mute) return;
    let bound = false;
    let buf: Buffer = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 1024 * 1024) {
        socket.destroy();
        return;
      }
      let split: ReturnType<typeof splitBer>;
      try {
        split = splitBer(buf);
      } catch {
        socket.destroy();
        return;
      }
      buf = split.rest;
      for (const m of split.messages) {
        if (socket.destroyed) return;
        const req = parseRequest(m);
        if (req.op === LDAP.bindRequest) {
          bound = true;
          socket.write(result(req.messageId, LDAP.bindResponse, 0));
        } else if (req.op === LDAP.unbindRequest) {
          socket.end();
        } else if (req.op === LDAP.searchRequest) {
          const base = req.base ?? '';
          if (base === '') {
            socket.write(entry(req.messageId, '', {
              currentTime: [generalizedTime(new Date())],
              dnsHostName: ['fault-dc.faults.test'],
              defaultNamingContext: [opts.baseDn],
              rootDomainNamingContext: [opts.baseDn],
              configurationNamingContext: [`CN=Configuration,${opts.baseDn}`],
              supportedLDAPVersion: ['3'],
            }));
            socket.write(result(req.messageId, LDAP.searchDone, 0));
          } else if (!bound) {
            socket.write(result(req.messageId, LDAP.searchDone, 1, BIND_REQUIRED));
          } else {
            state.searches.push(base);
            const action = onSearch(base);
            if (action !== 'answer') {
              state.drops++;
              if (action === 'reset' && !(socket instanceof TLSSocket)) socket.resetAndDestroy();
              else socket.destroy();
              return;
            }
            socket.write(entry(req.messageId, base, { objectClass: ['top', 'container'] }));
            socket.write(result(req.messageId, LDAP.searchDone, 0));
          }
        } else {
          socket.write(result(req.messageId, LDAP.extendedResponse, 2, 'unsupported'));
        }
      }
    });
  };
  if (!opts.plain && (!opts.key || !opts.cert)) throw new Error('a fake LDAPS server needs key and cert');
  const server = opts.plain ? createNetServer(handler) : createTlsServer({ key: opts.key, cert: opts.cert, minVersion: 'TLSv1.2' }, handler);
  const t = tracked(server, sockets);
  await listen(server, opts.ip, opts.port ?? (opts.plain ? 389 : 636));
  state.stop = t.stop;
  return state;
}

// ---- proxies and endpoints ----

export type FakeProxyMode =
  /** Reads the CONNECT request and resets the connection (RST). */
  | 'reset'
  /** Answers CONNECT with 10 MB of random bytes and no HTTP status line. */
  | 'garbage'
  /** Answers CONNECT 200, terminates TLS with the endpoint certificate and answers the request with a 200 head and 10 MB of garbage. */
  | 'flood'
  /** Answers CONNECT 200, terminates TLS and sends a response one byte at a time, every 250 ms. */
  | 'drip';

export interface FakeProxyOptions {
  ip: string;
  port: number;
  mode: FakeProxyMode;
  /** Endpoint key and certificate (for flood / drip): the network lab's leaf, so the chain is trusted. */
  key?: Buffer;
  cert?: Buffer;
}

export interface FakeProxy extends Stoppable {
  url: string;
  /** Bytes the fake managed to hand to the kernel, over all connections. */
  bytesWritten: number;
  connects: number;
}

const TEN_MB = 10 * 1024 * 1024;

/** Writes `total` random-ish bytes with backpressure; stops when the peer goes away. */
function flood(socket: Socket, total: number, onBytes: (n: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 131 + 7) & 0xff;
  let sent = 0;
  const pump = () => {
    while (sent < total && !socket.destroyed) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      onBytes(n);
      if (!socket.write(chunk.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) socket.end();
  };
  pump();
}

function drip(socket: Socket, text: string, everyMs: number, onBytes: (n: number) => void): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) {
      clearInterval(timer);
      if (!socket.destroyed) socket.end();
      return;
    }
    socket.write(text[i++] as string);
    onBytes(1);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** An HTTP proxy on ip:port that misbehaves in one way. */
export async function startFakeProxy(opts: FakeProxyOptions): Promise<FakeProxy> {
  const sockets = new Set<Socket>();
  const state: FakeProxy = { url: `http://${opts.ip}:${opts.port}`, bytesWritten: 0, connects: 0, stop: async () => undefined };
  const count = (n: number) => {
    state.bytesWritten += n;
  };
  const server = createNetServer((socket) => {
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.length > 16 * 1024) {
        socket.destroy();
        return;
      }
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      state.connects++;
      if (opts.mode === 'reset') {
        socket.resetAndDestroy();
        return;
      }
      if (opts.mode === 'garbage') {
        flood(socket, TEN_MB, count);
        return;
      }
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (!opts.key || !opts.cert) throw new Error(`fake proxy ${opts.mode} needs key and cert`);
      const tlsSocket = new TLSSocket(socket, { isServer: true, key: opts.key, cert: opts.cert });
      tlsSocket.on('error', () => undefined);
      let request = '';
      const onRequest = (r: Buffer) => {
        request += r.toString('latin1');
        if (request.length > 16 * 1024) tlsSocket.destroy();
        if (!request.includes('\r\n\r\n')) return;
        tlsSocket.off('data', onRequest);
        if (opts.mode === 'flood') {
          tlsSocket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
          flood(tlsSocket, TEN_MB, count);
        } else {
          const body = '{"DeviceRegistrationService":{}}';
          drip(tlsSocket, `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 250, count);
        }
      };
      tlsSocket.on('data', onRequest);
    };
    socket.on('data', onData);
  });
  const t = tracked(server, sockets);
  await listen(server, opts.ip, opts.port);
  state.stop = t.stop;
  return state;
}
