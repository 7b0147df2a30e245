import type { Check } from './types.js';
import { dcFailureEvidence } from '../derived/failure-evidence.js';

export const dcDiscovery: Check<'forests'> = {
  meta: {
    id: 'dc-discovery',
    title: 'Domain controllers can be located',
    description: 'Finds the forest\'s domain controllers from the configured list or the DNS SRV record _ldap._tcp.dc._msdcs.<forest> that devices use themselves.',
    severity: 'critical',
    needs: ['forests'],
    codes: [],
  },
  run(artifacts) {
    return artifacts.forests.map((forest) => {
      const d = forest.discovery;
      if (!d.ok) {
        return {
          status: 'fail',
          forest: forest.name,
          message: `Cannot locate a domain controller: ${d.failure.message}. Devices that cannot locate a DC fail the pre-check (AD Connectivity Test : FAIL) and never reach discovery.`,
          remedy: 'Check that the forest\'s DNS zone serves _ldap._tcp.dc._msdcs.<forest> SRV records and that this host (and devices) use DNS servers that answer for it; or list the DCs in forests[].servers.',
          evidence: { error: dcFailureEvidence(d.failure) },
        };
      }
      if (d.value.targets.length === 0) {
        return { status: 'fail', forest: forest.name, message: 'The DC locator record exists but lists no domain controller.', remedy: 'Re-register the DCs\' DNS records (restart Netlogon, or `samba_dnsupdate` on Samba).', evidence: { ...d.value } };
      }
      const how = d.value.source === 'srv' ? `via DNS SRV ${d.value.srvName}` : 'from the configuration';
      return { status: 'pass', forest: forest.name, message: `${d.value.targets.length} domain controller(s) ${how}: ${d.value.targets.map((t) => t.host).join(', ')}.`, evidence: { ...d.value } };
    });
  },
};
