/**
 * The Entra ID half: sign in (MSAL), then read the devices and the Device Registration Service
 * principal from Graph, at once. Every failure lands in the artifact with its stage; nothing here
 * throws past the caller except user-fixable problems found before any I/O (a missing secret
 * variable, an unreadable certificate or CA file).
 */
import { readFile } from 'node:fs/promises';
import type { CloudArtifact, CloudDevice, CloudFailure, CloudOutcome, CloudReadNotes } from '../../artifacts/cloud.js';
import type { GraphSettings } from '../../config/cloud.js';
import { UserError } from '../../util/errors.js';
import { registerSecret } from '../../util/secrets.js';
import { cloudHttp, type CloudHttp } from './http.js';
import { acquireGraphToken, certificateCredential, CloudTokenError, tokenFailure, type CloudSecret } from './msal.js';
import { GraphError, readDevices, readDrsServicePrincipal, type GraphContext } from './graph.js';

export interface CloudInputs {
  graph: GraphSettings;
  tenantId: string;
  secret: CloudSecret;
  extraCa?: string;
  prompt?: (message: string) => void;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cloud: cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function envSecret(name: string, what: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new UserError(`cloud: environment variable ${name} (${what}) is not set`);
  registerSecret(value);
  return value;
}

/** Reads the credential and the CA before any I/O; problems are one-line user errors (exit 2). */
export async function prepareCloud(graph: GraphSettings, tenantId: string | undefined, interactive: boolean): Promise<Omit<CloudInputs, 'prompt'>> {
  if (!tenantId) throw new UserError('cloud: tenant.id is required to sign in to Entra ID');
  let secret: CloudSecret;
  if (graph.credential.kind === 'client-secret') {
    secret = { kind: 'client-secret', secret: envSecret(graph.credential.secretEnv, 'clientSecretEnv') };
  } else if (graph.credential.kind === 'certificate') {
    const certificatePem = await readText(graph.credential.certificateFile, 'certificateFile');
    const keyPem = await readText(graph.credential.keyFile, 'certificateKeyFile');
    registerSecret(keyPem);
    const passphrase = graph.credential.passphraseEnv ? envSecret(graph.credential.passphraseEnv, 'certificateKeyPassphraseEnv') : undefined;
    let cred: ReturnType<typeof certificateCredential>;
    try {
      cred = certificateCredential(certificatePem, keyPem, passphrase);
    } catch (err) {
      throw new UserError(`cloud: cannot use certificateFile/certificateKeyFile: ${(err as NodeJS.ErrnoException).code ?? 'unreadable certificate or key'}`);
    }
    registerSecret(cred.privateKeyPem);
    secret = { kind: 'certificate', certificatePem, ...cred };
  } else {
    if (!interactive) throw new UserError('cloud: deviceCode sign-in needs a terminal (run it interactively, or configure clientSecretEnv or certificateFile)');
    secret = { kind: 'device-code' };
  }
  let extraCa: string | undefined;
  if (graph.caFile) {
    extraCa = await readText(graph.caFile, 'caFile');
    if (!extraCa.includes('-----BEGIN CERTIFICATE-----')) throw new UserError(`cloud: caFile ${graph.caFile} holds no PEM certificate`);
  }
  return { graph, tenantId, secret, ...(extraCa ? { extraCa } : {}) };
}

const CREDENTIAL: Record<CloudSecret['kind'], CloudArtifact['credential']> = { 'client-secret': 'client-secret', certificate: 'certificate', 'device-code': 'device-code' };

function failed(failure: CloudFailure): { ok: false; failure: CloudFailure } {
  return { ok: false, failure };
}

async function outcome<T>(run: () => Promise<T>): Promise<CloudOutcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof GraphError) return failed(err.failure);
    return failed({ stage: 'response', code: 'ERROR', message: `Graph read failed: ${(err as Error).name}` });
  }
}

/** Signs in once and hands the token to `use`; the token never leaves this function's callees. */
export async function withGraph<T>(inputs: CloudInputs, use: (ctx: GraphContext | CloudFailure, authMs: number) => Promise<T>): Promise<T> {
  const { graph } = inputs;
  const http: CloudHttp = await cloudHttp([new URL(graph.authority).origin, new URL(graph.graphEndpoint).origin], graph.timeoutMs, inputs.extraCa);
  const notes: CloudReadNotes = { pages: 0, retries: [], truncated: false };
  const t0 = Date.now();
  try {
    let token: string;
    try {
      token = await acquireGraphToken({ graph, tenantId: inputs.tenantId, secret: inputs.secret, http, ...(inputs.prompt ? { prompt: inputs.prompt } : {}) });
    } catch (err) {
      return await use(err instanceof CloudTokenError ? err.failure : tokenFailure(err, inputs), Date.now() - t0);
    }
    registerSecret(token);
    return await use({ http, graph, token, notes }, Date.now() - t0);
  } finally {
    await http.close();
  }
}

export async function gatherCloud(inputs: CloudInputs): Promise<CloudArtifact> {
  const started = Date.now();
  const { graph } = inputs;
  const base = { tenantId: inputs.tenantId, authority: graph.authority, graphEndpoint: graph.graphEndpoint, credential: CREDENTIAL[inputs.secret.kind], clientId: graph.clientId };
  return withGraph(inputs, async (ctx, authMs) => {
    if (!('token' in ctx)) {
      const notRead = failed({ stage: 'auth', code: ctx.code, message: `not read: ${ctx.message}` });
      return { ...base, auth: failed(ctx), devices: notRead, drsServicePrincipal: notRead, notes: { pages: 0, retries: [], truncated: false }, durationMs: Date.now() - started };
    }
    const [devices, drsServicePrincipal] = await Promise.all([outcome(() => readDevices(ctx)), outcome(() => readDrsServicePrincipal(ctx))]);
    return { ...base, auth: { ok: true, value: { durationMs: authMs } }, devices, drsServicePrincipal, notes: ctx.notes, durationMs: Date.now() - started };
  });
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** `diagnose`: the devices whose deviceId is this GUID (validated before it goes into the URL). */
export async function lookupCloudDevice(inputs: CloudInputs, deviceId: string): Promise<{ auth: CloudOutcome<{ durationMs: number }>; devices: CloudOutcome<CloudDevice[]> }> {
  const guid = GUID.exec(deviceId.trim())?.[1]?.toLowerCase();
  if (!guid) return { auth: failed({ stage: 'config', code: 'NOT_A_GUID', message: 'not looked up' }), devices: failed({ stage: 'config', code: 'NOT_A_GUID', message: 'the device id of the capture is not a GUID; not looked up' }) };
  return withGraph(inputs, async (ctx, authMs) => {
    if (!('token' in ctx)) return { auth: failed(ctx), devices: failed({ stage: 'auth', code: ctx.code, message: `not read: ${ctx.message}` }) };
    return { auth: { ok: true, value: { durationMs: authMs } }, devices: await outcome(() => readDevices(ctx, `deviceId eq '${guid}'`)) };
  });
}

/** `diagnose` of a device that is not joined: the devices of this host name (letters, digits, '-': validated before it goes into the URL). */
export async function lookupCloudDevicesByName(inputs: CloudInputs, name: string): Promise<{ auth: CloudOutcome<{ durationMs: number }>; devices: CloudOutcome<CloudDevice[]> }> {
  if (!/^[A-Za-z0-9-]{1,63}$/.test(name)) return { auth: failed({ stage: 'config', code: 'NOT_A_HOST_NAME', message: 'not looked up' }), devices: failed({ stage: 'config', code: 'NOT_A_HOST_NAME', message: 'the device name of the capture is not a host name; not looked up' }) };
  return withGraph(inputs, async (ctx, authMs) => {
    if (!('token' in ctx)) return { auth: failed(ctx), devices: failed({ stage: 'auth', code: ctx.code, message: `not read: ${ctx.message}` }) };
    return { auth: { ok: true, value: { durationMs: authMs } }, devices: await outcome(() => readDevices(ctx, `displayName eq '${name}'`)) };
  });
}

/** The one-line error for a command that needs the cloud half when the sign-in failed (exit 2). */
export function assertCloudSignedIn(artifact: Pick<CloudArtifact, 'auth'> | undefined): void {
  if (artifact && !artifact.auth.ok && (artifact.auth.failure.stage === 'auth' || artifact.auth.failure.stage === 'config')) {
    throw new UserError(`cloud: ${artifact.auth.failure.message}`);
  }
}
