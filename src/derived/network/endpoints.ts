import type { PlannedRequest } from '../../artifacts/network.js';

export type Cloud = 'AzureCloud' | 'USGovernment' | 'AzureChinaCloud';

export interface CloudEndpoints {
  /** Device Registration Service hosts; the first one serves discovery. */
  drs: string[];
  /** Evo STS hosts; the first one serves OpenID configuration and user realm. */
  login: string[];
  /** Device (client-certificate) authentication hosts. */
  deviceLogin: string[];
  /** Seamless SSO host, probed only when seamless SSO is in use. */
  autologon?: string;
  /** Client-certificate DRS hosts that must be exempt from TLS inspection ([S12]); probed for their certificate only. */
  certAuth: string[];
}

/** Endpoints a device must reach in SYSTEM context, per cloud (dsregcmd facts §3.1). */
export const CLOUD_ENDPOINTS: Record<Cloud, CloudEndpoints> = {
  AzureCloud: {
    drs: ['enterpriseregistration.windows.net'],
    login: ['login.microsoftonline.com'],
    deviceLogin: ['device.login.microsoftonline.com'],
    autologon: 'autologon.microsoftazuread-sso.com',
    certAuth: ['certauth.enterpriseregistration.windows.net'],
  },
  USGovernment: {
    drs: ['enterpriseregistration.windows.net', 'enterpriseregistration.microsoftonline.us'],
    login: ['login.microsoftonline.us'],
    deviceLogin: ['device.login.microsoftonline.us'],
    autologon: 'autologon.microsoft.us',
    certAuth: ['certauth.enterpriseregistration.windows.net', 'certauth.enterpriseregistration.microsoftonline.us'],
  },
  AzureChinaCloud: {
    drs: ['enterpriseregistration.partner.microsoftonline.cn'],
    login: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    deviceLogin: ['device.login.partner.microsoftonline.cn'],
    certAuth: ['certauth.enterpriseregistration.partner.microsoftonline.cn'],
  },
};

export type EndpointKind = 'drs' | 'login' | 'device-login' | 'autologon' | 'certauth' | 'other';

export function endpointKind(cloud: Cloud, host: string): EndpointKind {
  const e = CLOUD_ENDPOINTS[cloud];
  if (e.drs.includes(host)) return 'drs';
  if (e.login.includes(host)) return 'login';
  if (e.deviceLogin.includes(host)) return 'device-login';
  if (e.autologon === host) return 'autologon';
  if (e.certAuth.includes(host)) return 'certauth';
  return 'other';
}

/** Request headers a device sends to DRS discovery. */
export const DRS_DISCOVERY_HEADERS: Record<string, string> = {
  accept: 'application/json',
  'ocp-adrs-client-name': 'dsreg',
  'ocp-adrs-client-version': '10',
};

/** Headers for a request of this role (all of them are plain GETs). */
export function requestHeaders(role: PlannedRequest['role']): Record<string, string> {
  if (role === 'drs-discover') return { ...DRS_DISCOVERY_HEADERS };
  if (role === 'endpoint' || role === 'certauth') return { accept: '*/*' };
  return { accept: 'application/json' };
}

/** Does this role expect a JSON body? */
export function expectsJson(role: PlannedRequest['role']): boolean {
  return role === 'drs-discover' || role === 'drs-contract' || role === 'openid' || role === 'user-realm';
}

/** The list of requests for one cloud, in report order: endpoints first, then per tenant name. */
export function planRequests(cloud: Cloud, seamlessSso: boolean, tenantNames: readonly string[]): PlannedRequest[] {
  const e = CLOUD_ENDPOINTS[cloud];
  const out: PlannedRequest[] = [];
  const endpoint = (host: string, path: string) => out.push({ key: `endpoint:${host}`, role: 'endpoint', host, url: `https://${host}${path}` });
  for (const h of e.drs) endpoint(h, '/');
  for (const h of e.login) endpoint(h, '/common/oauth2');
  for (const h of e.deviceLogin) endpoint(h, '/common/oauth2');
  if (seamlessSso && e.autologon) endpoint(e.autologon, '/');
  for (const h of e.certAuth) out.push({ key: `certauth:${h}`, role: 'certauth', host: h, url: `https://${h}/` });
  const drs = e.drs[0] as string;
  const login = e.login[0] as string;
  for (const name of tenantNames) {
    const n = encodeURIComponent(name);
    out.push({ key: `drs-discover:${name}`, role: 'drs-discover', host: drs, tenantName: name, url: `https://${drs}/${n}/discover?api-version=1.7` });
    out.push({ key: `drs-contract:${name}`, role: 'drs-contract', host: drs, tenantName: name, url: `https://${drs}/${n}/enrollmentserver/contract?api-version=1.2` });
    out.push({ key: `openid:${name}`, role: 'openid', host: login, tenantName: name, url: `https://${login}/${n}/.well-known/openid-configuration` });
    out.push({ key: `user-realm:${name}`, role: 'user-realm', host: login, tenantName: name, url: `https://${login}/common/UserRealm/?user=${n}&api-version=1.0` });
  }
  return out;
}
