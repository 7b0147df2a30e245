import { clockSkewHttp } from './clock-skew-http.js';
import { drsDiscovery } from './drs-discovery.js';
import { endpointDns } from './endpoint-dns.js';
import { endpointReachable } from './endpoint-reachable.js';
import { pacProxy } from './pac-proxy.js';
import { proxyAuth } from './proxy-auth.js';
import { proxyHtmlResponse } from './proxy-html-response.js';
import { tenantResolution } from './tenant-resolution.js';
import { tlsInterception } from './tls-interception.js';
import { tlsVerify } from './tls-verify.js';
import { tlsVersion } from './tls-version.js';
import { userRealm } from './user-realm.js';
import type { Check } from './types.js';

/** The network checks, in report order. */
export const NETWORK_CHECKS: readonly Check[] = [
  endpointReachable,
  endpointDns,
  proxyAuth,
  pacProxy,
  tlsVerify,
  tlsInterception,
  tlsVersion,
  clockSkewHttp,
  proxyHtmlResponse,
  drsDiscovery,
  tenantResolution,
  userRealm,
];
