import net from 'node:net';
import tls from 'node:tls';
import { Client, NoSuchObjectError, ResultCodeError, type Entry } from 'ldapts';
import { gathered, type Failure, type Stage } from '../../artifacts/outcome.js';
import type { DcArtifact, DcObservation, DcTarget, ObjectView, RootDse, ScpEntry, TlsMode } from '../../artifacts/types.js';
import { scpContainerDn, scpDn } from '../../derived/scp-location.js';
import { readSid } from '../../derived/security-descriptor.js';
import { withTimeout } from '../../util/timeout.js';
import type { DnsClient } from '../dns/resolver.js';
import { describeFailure } from './failure.js';
import { readDomains } from './domains.js';
import { SdFlagsControl } from './sd-flags-control.js';
import { summarizeCertificate } from '../certificate.js';

export interface DcConnectOptions {
  tls: TlsMode;
  /** Extra trusted CA PEM text (on top of Node's bundled roots). */
  extraCa?: string;
  /** A TLS context built once per forest (dcSecureContext); built here when absent. */
  secureContext?: tls.SecureContext;
  bindDn?: string;
  password?: string;
  timeoutMs: number;
}

const ROOT_DSE_ATTRIBUTES = [
  'dnsHostName',
  'defaultNamingContext',
  'configurationNamingContext',
  'rootDomainNamingContext',
  'currentTime',
  'domainControllerFunctionality',
  'forestFunctionality',
  'supportedLDAPVersion',
  'serverName',
];

function first(entry: Entry, name: string): string | undefined {
  const v = entry[name];
  if (Array.isArray(v)) return v.length > 0 ? String(v[0]) : undefined;
  return v === undefined ? undefined : String(v);
}

function all(entry: Entry, name: string): string[] {
  const v = entry[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/** AD generalized time 20261125081500.0Z → ISO-8601. */
export function generalizedTimeToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(value);
  if (!m) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
}

/**
 * TLS 1.2+, trusting Node's roots plus the forest's caFile. Build it once per forest: with an extra
 * CA every context parses all roots again (~20 ms of CPU), which would serialise the DCs.
 */
export function dcSecureContext(extraCa: string | undefined): tls.SecureContext {
  return tls.createSecureContext({ ca: extraCa ? [...tls.rootCertificates, extraCa] : undefined, minVersion: 'TLSv1.2' });
}

/** Binary objectSid → S-1-5-21-…; undefined when malformed. */
function sidOrUndefined(buf: Buffer): string | undefined {
  try {
    return readSid(buf, 0).sid;
  } catch {
    return undefined;
  }
}

/** The stages of reading a DC, in order. */
type DcStage = Extract<Stage, 'dns' | 'connect' | 'tls' | 'starttls' | 'bind' | 'rootdse' | 'search'>;

/** The state of reading one DC: what was observed so far, and how far the exchange got. */
interface DcRun {
  target: DcTarget;
  opts: DcConnectOptions;
  /** What the DC has shown so far (the outcome's value, or its partial evidence when a stage fails). */
  dc: DcObservation;
  stage: DcStage;
  tcpConnected: boolean;
  sockets: net.Socket[];
  /**
   * Set at the deadline: the abandoned exchange may still be running, and ldapts would reconnect for
   * its next request; refusing new connections keeps the DC within its deadline.
   */
  abandoned: boolean;
}

/** TLS 1.2+ with the forest's trust, verified against the DC's name even though we connect to the address we resolved. */
function dcTlsOptions(target: DcTarget, opts: DcConnectOptions): tls.ConnectionOptions {
  const tlsOptions: tls.ConnectionOptions = {
    secureContext: opts.secureContext ?? dcSecureContext(opts.extraCa),
    rejectUnauthorized: true,
  };
  if (net.isIP(target.host) === 0) tlsOptions.servername = target.host;
  tlsOptions.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(target.host, cert);
  return tlsOptions;
}

/** Opens a socket for ldapts, recording TCP and TLS progress (and the TLS session) on the run. */
function trackSocket<S extends net.Socket>(run: DcRun, open: () => S): S {
  if (run.abandoned) throw Object.assign(new Error(`no new connection to ${run.target.host}: its deadline has passed`), { code: 'ETIMEDOUT' });
  const socket = open();
  run.sockets.push(socket);
  socket.once('connect', () => {
    run.tcpConnected = true;
  });
  socket.once('secureConnect', () => {
    const t = socket as unknown as tls.TLSSocket;
    run.dc.tlsSession = { protocol: t.getProtocol() ?? undefined, cipher: t.getCipher()?.name, peerCertificate: summarizeCertificate(t.getPeerCertificate()) };
  });
  return socket;
}

function ldapClient(run: DcRun, address: string, tlsOptions: tls.ConnectionOptions): Client {
  const { opts, target } = run;
  return new Client({
    url: `${opts.tls === 'ldaps' ? 'ldaps' : 'ldap'}://${net.isIPv6(address) ? `[${address}]` : address}:${target.port}`,
    timeout: opts.timeoutMs,
    connectTimeout: opts.timeoutMs,
    // ldapts switches to TLS whenever tlsOptions are given, so only LDAPS gets them here.
    ...(opts.tls === 'ldaps' ? { tlsOptions } : {}),
    strictDN: false,
    createConnection: ((port: number, host: string) => trackSocket(run, () => net.connect(port, host))) as typeof net.connect,
    createSecureConnection: ((...args: unknown[]) =>
      // ldaps: (port, host, options); StartTLS upgrade: (options with socket)
      trackSocket(run, () => (typeof args[0] === 'number'
        ? tls.connect(args[0], args[1] as string, { ...(args[2] as tls.ConnectionOptions) })
        : tls.connect(args[0] as tls.ConnectionOptions)))) as typeof tls.connect,
  });
}

async function readRootDse(run: DcRun, c: Client): Promise<Entry | undefined> {
  run.dc.hostTimeBefore = new Date().toISOString();
  const result = await c.search('', { scope: 'base', attributes: ROOT_DSE_ATTRIBUTES });
  run.dc.hostTimeAfter = new Date().toISOString();
  return result.searchEntries[0];
}

/**
 * Transport and bind. Round trips are the cost here (a DC may be far away): the rootDSE, readable
 * without a bind, is the first request and also shows the connection works. Returns it when read.
 */
async function openSession(run: DcRun, c: Client, tlsOptions: tls.ConnectionOptions): Promise<Entry | undefined> {
  const { opts } = run;
  let root: Entry | undefined;
  if (opts.tls === 'starttls') {
    await c.search('', { scope: 'base', attributes: ['supportedExtension'] }).catch(() => undefined);
    run.stage = 'starttls';
    await c.startTLS({ ...tlsOptions });
  } else {
    root = await readRootDse(run, c).catch((err: unknown) => {
      // A DC that refuses anonymous reads still proves the transport works; read again after the bind.
      if (!run.tcpConnected || (opts.tls === 'ldaps' && !run.dc.tlsSession)) throw err;
      return undefined;
    });
  }
  if (opts.bindDn) {
    run.stage = 'bind';
    await c.bind(opts.bindDn, opts.password ?? '');
  }
  return root;
}

function rootDseModel(root: Entry): RootDse {
  const rootDse: RootDse = {
    dnsHostName: first(root, 'dnsHostName'),
    defaultNamingContext: first(root, 'defaultNamingContext'),
    configurationNamingContext: first(root, 'configurationNamingContext'),
    rootDomainNamingContext: first(root, 'rootDomainNamingContext'),
    currentTime: generalizedTimeToIso(first(root, 'currentTime')),
    domainControllerFunctionality: first(root, 'domainControllerFunctionality'),
    forestFunctionality: first(root, 'forestFunctionality'),
    supportedLdapVersion: all(root, 'supportedLDAPVersion'),
  };
  return JSON.parse(JSON.stringify(rootDse)) as RootDse;
}

/** The reads after the bind, sent together: domain SID, container, CN=Services, the SCP, the forest's domains. */
async function readConfiguration(run: DcRun, c: Client, rootDse: RootDse, configNc: string): Promise<void> {
  const { dc } = run;
  run.stage = 'search';
  const rootDomain = rootDse.rootDomainNamingContext ?? rootDse.defaultNamingContext;
  const [sidResult, container, services, scp, domains] = await Promise.all([
    rootDomain
      ? c.search(rootDomain, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] }).catch(rethrowUnlessLdapResult)
      : Promise.resolve(undefined),
    readObjectView(c, scpContainerDn(configNc)),
    readObjectView(c, `CN=Services,${configNc}`),
    readScp(c, scpDn(configNc)),
    readDomains(c, configNc, rethrowUnlessLdapResult),
  ]);
  const sid = sidResult?.searchEntries[0]?.['objectSid'];
  if (Buffer.isBuffer(sid)) dc.domainSid = sidOrUndefined(sid);
  dc.container = container;
  dc.services = services;
  dc.scp = scp;
  if (domains.ok) dc.domains = domains.value;
  else dc.domainsError = domains.error;
}

/** The whole LDAP exchange with one DC, recording each stage on the run as it starts. */
async function exchange(run: DcRun, c: Client, tlsOptions: tls.ConnectionOptions): Promise<void> {
  let root = await openSession(run, c, tlsOptions);
  run.stage = 'rootdse';
  root ??= await readRootDse(run, c);
  if (!root) throw Object.assign(new Error('the rootDSE returned no entry'), { code: 'noRootDse' });
  const rootDse = rootDseModel(root);
  run.dc.rootDse = rootDse;
  const configNc = rootDse.configurationNamingContext;
  if (!configNc) throw Object.assign(new Error('the rootDSE has no configurationNamingContext'), { code: 'noConfigurationNc' });
  await readConfiguration(run, c, rootDse, configNc);
}

/** Attributes a failure to the layer that was not up yet, whatever the library called it. */
function failureStage(run: DcRun): DcStage {
  if (run.stage === 'dns') return 'dns';
  if (!run.tcpConnected) return 'connect';
  if (run.opts.tls === 'ldaps' && !run.dc.tlsSession) return 'tls';
  // The transport is up but the first LDAP exchange (the rootDSE probe; with StartTLS, the
  // negotiation) got no usable answer: the DC accepted the connection, so this is not a connect failure.
  if (run.stage === 'connect') return run.opts.tls === 'starttls' ? 'starttls' : 'rootdse';
  return run.stage;
}

/**
 * Reads one DC: connect (TCP, TLS), bind, rootDSE, the SCP container and the SCP with its DACL.
 * Never throws: a failure is recorded with the stage it happened in, and later stages are skipped.
 */
export async function gatherDc(target: DcTarget, dns: DnsClient, opts: DcConnectOptions): Promise<DcArtifact> {
  const started = Date.now();
  const run: DcRun = { target, opts, dc: {}, stage: 'dns', tcpConnected: false, sockets: [], abandoned: false };
  const { dc } = run;
  let client: Client | undefined;
  let failure: Failure | undefined;
  try {
    dc.addresses = await dns.addresses(target.host);
    const tlsOptions = dcTlsOptions(target, opts);
    run.stage = 'connect';
    client = ldapClient(run, dc.addresses[0] as string, tlsOptions);
    await withTimeout(exchange(run, client, tlsOptions), opts.timeoutMs, 'LDAP exchange', () => {
      run.abandoned = true;
      run.sockets.forEach((s) => s.destroy());
    });
  } catch (err) {
    failure = describeFailure(err, failureStage(run));
  } finally {
    if (!failure) await withTimeout(client?.unbind() ?? Promise.resolve(), 2000, 'unbind').catch(() => undefined);
    run.sockets.forEach((s) => s.destroy());
  }
  return { host: target.host, port: target.port, tls: opts.tls, outcome: gathered(dc, failure), durationMs: Date.now() - started };
}

/**
 * For optional reads: an LDAP result (the server answered, with an error) may be ignored; anything
 * else (a dropped connection, a timeout) must not be, because ldapts would silently reconnect
 * unbound for the next request and the DC would then look empty or unreadable for the wrong reason.
 */
function rethrowUnlessLdapResult(err: unknown): undefined {
  if (err instanceof ResultCodeError) return undefined;
  throw err;
}

/** Reads one object by DN: found or not, with its DACL when the server returns it (SD flags control). */
async function readObjectView(client: Client, dn: string): Promise<ObjectView> {
  let entry: Entry | undefined;
  let sdError: string | undefined;
  try {
    const result = await client.search(dn, { scope: 'base', attributes: ['objectClass', 'nTSecurityDescriptor'], explicitBufferAttributes: ['nTSecurityDescriptor'] }, new SdFlagsControl());
    entry = result.searchEntries[0];
  } catch (err) {
    if (err instanceof NoSuchObjectError) return { dn, exists: false };
    rethrowUnlessLdapResult(err);
    sdError = describeFailure(err, 'search').message;
    try {
      await client.search(dn, { scope: 'base', attributes: ['objectClass'] });
    } catch (retryErr) {
      if (retryErr instanceof NoSuchObjectError) return { dn, exists: false };
      throw retryErr;
    }
  }
  const view: ObjectView = { dn, exists: true };
  const sd = entry?.['nTSecurityDescriptor'];
  const sdBuf = Array.isArray(sd) ? sd[0] : sd;
  if (Buffer.isBuffer(sdBuf) && sdBuf.length > 0) view.securityDescriptor = sdBuf.toString('base64');
  else view.securityDescriptorError = sdError ?? 'the server did not return nTSecurityDescriptor (the account may lack READ_CONTROL)';
  return view;
}

async function readScp(client: Client, dn: string): Promise<ScpEntry | null> {
  const attributes = ['keywords', 'objectClass', 'whenChanged', 'whenCreated', 'nTSecurityDescriptor'];
  let entry: Entry | undefined;
  let sdError: string | undefined;
  try {
    const result = await client.search(
      dn,
      { scope: 'base', attributes, explicitBufferAttributes: ['nTSecurityDescriptor'] },
      new SdFlagsControl(),
    );
    entry = result.searchEntries[0];
  } catch (err) {
    if (err instanceof NoSuchObjectError) return null;
    // A lost connection is not a refusal: retrying would silently reconnect unbound.
    rethrowUnlessLdapResult(err);
    // Some servers refuse the SD flags control for this account: read without the descriptor.
    sdError = describeFailure(err, 'search').message;
    try {
      const result = await client.search(dn, { scope: 'base', attributes: attributes.slice(0, 4) });
      entry = result.searchEntries[0];
    } catch (retryErr) {
      if (retryErr instanceof NoSuchObjectError) return null;
      throw retryErr;
    }
  }
  if (!entry) return null;
  const scp: ScpEntry = {
    dn: entry.dn,
    keywords: all(entry, 'keywords'),
    objectClass: all(entry, 'objectClass'),
  };
  const whenChanged = generalizedTimeToIso(first(entry, 'whenChanged'));
  if (whenChanged) scp.whenChanged = whenChanged;
  const whenCreated = generalizedTimeToIso(first(entry, 'whenCreated'));
  if (whenCreated) scp.whenCreated = whenCreated;
  const sd = entry['nTSecurityDescriptor'];
  const sdBuf = Array.isArray(sd) ? sd[0] : sd;
  if (Buffer.isBuffer(sdBuf) && sdBuf.length > 0) scp.securityDescriptor = sdBuf.toString('base64');
  else scp.securityDescriptorError = sdError ?? 'the server did not return nTSecurityDescriptor (the account may lack READ_CONTROL)';
  return scp;
}
