import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface SrvAnswer {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** `10.0.0.1`, `10.0.0.1:5353`, `[::1]:53`, `::1` → address and port. */
export function parseDnsServer(spec: string): { address: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracket) return { address: bracket[1] as string, port: bracket[2] ? Number(bracket[2]) : 53 };
  if (net.isIPv6(spec)) return { address: spec, port: 53 };
  const [address, port] = spec.split(':');
  return { address: address as string, port: port ? Number(port) : 53 };
}

function dnsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Turns a decoded DNS response into SRV answers, or the error node:dns would raise. Pure. */
export function srvAnswersFrom(response: dnsPacket.Packet, name: string): SrvAnswer[] {
  const rcode = (response as { rcode?: string }).rcode;
  if (rcode === 'NXDOMAIN') throw dnsError('ENOTFOUND', `querySrv ENOTFOUND ${name}`);
  if (rcode && rcode !== 'NOERROR') throw dnsError('ESERVFAIL', `querySrv ${rcode} ${name}`);
  const answers = (response.answers ?? [])
    .filter((a): a is dnsPacket.SrvAnswer => a.type === 'SRV')
    .map((a) => ({ name: a.data.target, port: a.data.port, priority: a.data.priority ?? 0, weight: a.data.weight ?? 0 }));
  if (answers.length === 0) throw dnsError('ENODATA', `querySrv ENODATA ${name}`);
  return answers;
}

function queryUdp(query: Buffer, id: number, server: { address: string; port: number }, timeoutMs: number): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(dnsError('ETIMEOUT', `DNS query to ${server.address} timed out`)), timeoutMs);
    const finish = (err: Error | null, packet?: dnsPacket.Packet) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(packet as dnsPacket.Packet);
    };
    socket.on('error', (err) => finish(err));
    socket.on('message', (msg) => {
      try {
        const packet = dnsPacket.decode(msg);
        if (packet.id === id) finish(null, packet);
      } catch {
        // not ours or garbage: keep waiting until the deadline
      }
    });
    socket.send(query, server.port, server.address);
  });
}

function queryTcp(query: Buffer, server: { address: string; port: number }, timeoutMs: number): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.address);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => finish(dnsError('ETIMEOUT', `DNS query to ${server.address} timed out`)), timeoutMs);
    const finish = (err: Error | null, packet?: dnsPacket.Packet) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(packet as dnsPacket.Packet);
    };
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('error', (err) => finish(err));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length > 65_537) return finish(dnsError('EBADRESP', 'DNS response too large'));
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        try {
          finish(null, dnsPacket.streamDecode(data));
        } catch (err) {
          finish(err as Error);
        }
      }
    });
  });
}

/**
 * Asks DNS servers for SRV records ourselves (UDP, TCP when truncated). Used when the built-in
 * resolver rejects a valid answer: the c-ares in Node 24 answers EBADRESP to Samba's SRV replies.
 */
export async function querySrvDirect(name: string, servers: readonly string[], timeoutMs: number): Promise<SrvAnswer[]> {
  if (servers.length === 0) throw dnsError('ENOTFOUND', 'no DNS server to ask');
  const perServer = Math.max(200, Math.floor(timeoutMs / servers.length));
  let lastError: Error = dnsError('ENOTFOUND', `querySrv ENOTFOUND ${name}`);
  for (const spec of servers) {
    const server = parseDnsServer(spec);
    const id = randomInt(1, 65_535);
    const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'SRV', name }] });
    try {
      let response = await queryUdp(query, id, server, perServer);
      if ((response.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) response = await queryTcp(query, server, perServer);
      return srvAnswersFrom(response, name);
    } catch (err) {
      lastError = err as Error;
      const code = (err as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') throw err; // an authoritative answer: do not ask the next server
    }
  }
  throw lastError;
}
