// Userspace latency relays: the bench's stand-in for `tc qdisc ... netem delay` (this kernel has no sch_netem,
// see docs/performance.md). A relay listens on a lab address, forwards to the real server, and delays every
// chunk by ONE_WAY ms in each direction, so one request/response costs one RTT (2 × ONE_WAY).
//
// TCP handshake: the kernel completes the relay's handshake at once, so the relay charges it on the first bytes
// instead: the client's first data reaches the server no earlier than accept + 3 × ONE_WAY (SYN, SYN-ACK, data),
// exactly when it would arrive over a real link for a client that speaks first (LDAP, TLS, HTTP CONNECT all do).
// Only traffic through a relay is delayed; lab servers talk to each other directly (like servers sharing a LAN
// behind one WAN link).
import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** An ordered, delayed pipe: chunks leave in order, each no earlier than its arrival + delay (and `notBefore`). */
function delayedPipe(write, end, delayMs, notBefore) {
  let last = notBefore;
  let closed = false;
  const timers = new Set();
  const schedule = (fn) => {
    const at = Math.max(last, performance.now() + delayMs);
    last = at;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, Math.max(0, at - performance.now()));
    timers.add(t);
  };
  return {
    data: (chunk) => schedule(() => write(chunk)),
    end: () => schedule(() => end()),
    close: () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** Starts a TCP relay; resolves to { close() } once listening. */
export function startTcpRelay({ listenHost, listenPort, targetHost, targetPort, oneWayMs }) {
  const sockets = new Set();
  const server = net.createServer({ pauseOnConnect: false }, (client) => {
    const accepted = performance.now();
    const upstream = net.connect({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const up = delayedPipe((c) => upstream.write(c), () => upstream.end(), oneWayMs, accepted + 3 * oneWayMs);
    const down = delayedPipe((c) => client.write(c), () => client.end(), oneWayMs, accepted + 2 * oneWayMs);
    const kill = () => {
      up.close();
      down.close();
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', up.data);
    client.on('end', up.end);
    upstream.on('data', down.data);
    upstream.on('end', down.end);
    client.on('error', kill);
    upstream.on('error', kill);
    let closedSides = 0;
    const onClose = () => {
      closedSides += 1;
      if (closedSides === 2) kill();
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Starts a UDP relay (DNS): every datagram is delayed by oneWayMs each way. */
export function startUdpRelay({ listenHost, listenPort, targetHost, targetPort, oneWayMs }) {
  const front = dgram.createSocket('udp4');
  const backs = new Map(); // client "addr:port" → { socket, idle }
  const timers = new Set();
  const later = (fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, oneWayMs);
    timers.add(t);
  };
  const backFor = (address, port) => {
    const key = `${address}:${port}`;
    let b = backs.get(key);
    if (!b) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (msg) => later(() => front.send(msg, port, address)));
      socket.on('error', () => undefined);
      socket.bind(0, listenHost);
      b = { socket, idle: undefined };
      backs.set(key, b);
    }
    clearTimeout(b.idle);
    b.idle = setTimeout(() => {
      b.socket.close();
      backs.delete(key);
    }, 15_000);
    b.idle.unref();
    return b.socket;
  };
  front.on('message', (msg, rinfo) => {
    const back = backFor(rinfo.address, rinfo.port);
    later(() => back.send(msg, targetPort, targetHost));
  });
  front.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    front.once('error', reject);
    front.bind(listenPort, listenHost, () => {
      front.off('error', reject);
      resolve({
        close: async () => {
          for (const t of timers) clearTimeout(t);
          for (const b of backs.values()) {
            clearTimeout(b.idle);
            try { b.socket.close(); } catch { /* closed */ }
          }
          backs.clear();
          await new Promise((r) => front.close(() => r()));
        },
      });
    });
  });
}

/** A DNS relay on both UDP and TCP. */
export async function startDnsRelay(opts) {
  const udp = await startUdpRelay(opts);
  try {
    const tcp = await startTcpRelay(opts);
    return { close: async () => { await udp.close(); await tcp.close(); } };
  } catch (err) {
    await udp.close();
    throw err;
  }
}
