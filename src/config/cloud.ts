import { isAbsolute, resolve } from 'node:path';
import type { Settings } from './settings.js';
import { ConfigError } from './schema.js';

export type CloudEnvironment = Settings['cloud'];

/** The Graph half of the config (`cloud` as an object), validated and defaulted. Secrets are not part of it. */
export interface GraphSettings {
  clientId: string;
  credential: { kind: 'client-secret'; secretEnv: string } | { kind: 'certificate'; certificateFile: string; keyFile: string; passphraseEnv?: string } | { kind: 'device-code' };
  /** `https://host[:port]`, no trailing slash. */
  authority: string;
  graphEndpoint: string;
  caFile?: string;
  timeoutMs: number;
  maxPages: number;
  maxRetries: number;
  maxRetryAfterSeconds: number;
}

/** The object form as the schema accepted it (defaults filled in). */
export interface CloudConfigObject {
  environment: CloudEnvironment;
  clientId: string;
  clientSecretEnv?: string;
  certificateFile?: string;
  certificateKeyFile?: string;
  certificateKeyPassphraseEnv?: string;
  deviceCode: boolean;
  authority?: string;
  graphEndpoint?: string;
  caFile?: string;
  timeoutMs: number;
  maxPages: number;
  maxRetries: number;
  maxRetryAfterSeconds: number;
}

/** Sign-in and Graph hosts per national cloud (Microsoft's national cloud deployments list). */
export const CLOUD_HOSTS: Record<CloudEnvironment, { authority: string; graph: string }> = {
  AzureCloud: { authority: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  USGovernment: { authority: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  AzureChinaCloud: { authority: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

const origin = (url: string) => url.replace(/\/+$/, '').toLowerCase();

export function graphSettings(c: CloudConfigObject, baseDir: string): GraphSettings {
  if (!c.clientSecretEnv && !c.certificateFile && !c.deviceCode) {
    throw new ConfigError('cloud', 'give one of clientSecretEnv, certificateFile (with certificateKeyFile) or deviceCode: true');
  }
  const file = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const credential: GraphSettings['credential'] = c.clientSecretEnv
    ? { kind: 'client-secret', secretEnv: c.clientSecretEnv }
    : c.certificateFile && c.certificateKeyFile
      ? { kind: 'certificate', certificateFile: file(c.certificateFile), keyFile: file(c.certificateKeyFile), ...(c.certificateKeyPassphraseEnv ? { passphraseEnv: c.certificateKeyPassphraseEnv } : {}) }
      : { kind: 'device-code' };
  const hosts = CLOUD_HOSTS[c.environment];
  return {
    clientId: c.clientId.toLowerCase(),
    credential,
    authority: origin(c.authority ?? hosts.authority),
    graphEndpoint: origin(c.graphEndpoint ?? hosts.graph),
    ...(c.caFile ? { caFile: file(c.caFile) } : {}),
    timeoutMs: c.timeoutMs,
    maxPages: c.maxPages,
    maxRetries: c.maxRetries,
    maxRetryAfterSeconds: c.maxRetryAfterSeconds,
  };
}
