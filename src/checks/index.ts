import { computerSyncReadiness } from './computer-sync-readiness.js';
import { dcBind } from './dc-bind.js';
import { dcClockSkew } from './dc-clock-skew.js';
import { dcDiscovery } from './dc-discovery.js';
import { dcReachable } from './dc-reachable.js';
import { dcTls } from './dc-tls.js';
import { scpClientSide } from './scp-client-side.js';
import { scpContainer } from './scp-container.js';
import { scpKeywords } from './scp-keywords.js';
import { scpPresent } from './scp-present.js';
import { scpReadAccess } from './scp-read-access.js';
import { scpReplication } from './scp-replication.js';
import { scpTenantConsistent } from './scp-tenant-consistent.js';
import { scpTenantMatch } from './scp-tenant-match.js';
import { NETWORK_CHECKS } from './network.js';
import { CLOUD_CHECKS } from './cloud.js';
import type { Check } from './types.js';

/** Every check, in report order. A check's file name equals its id. */
export const CHECKS: readonly Check[] = [
  dcDiscovery,
  dcReachable,
  dcTls,
  dcBind,
  dcClockSkew,
  scpContainer,
  scpPresent,
  scpKeywords,
  scpTenantMatch,
  scpClientSide,
  scpTenantConsistent,
  scpReplication,
  scpReadAccess,
  computerSyncReadiness,
  ...NETWORK_CHECKS,
  ...CLOUD_CHECKS,
];
