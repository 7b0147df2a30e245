import { perDc } from './helpers.js';
import type { Check } from './types.js';
import { dcFailureEvidence } from '../derived/failure-evidence.js';

export const dcReachable: Check<'forests'> = {
  meta: {
    id: 'dc-reachable',
    title: 'Domain controller answers on LDAP',
    description: 'Resolves each domain controller\'s name and opens a TCP connection to its LDAP port within the timeout.',
    severity: 'high',
    needs: ['forests'],
    codes: [],
  },
  run(artifacts) {
    return perDc(artifacts, (dc) => {
      const f = dc.failure;
      const where = `${dc.host}:${dc.port}`;
      if (f?.stage === 'dns') {
        return { status: 'fail', message: `The name ${dc.host} does not resolve: ${f.message}.`, remedy: 'Fix the DC\'s A/AAAA record, or the DNS servers this host uses (forests[].dnsServers).', evidence: { failure: dcFailureEvidence(f) } };
      }
      if (f?.stage === 'connect') {
        const why = f.code === 'ETIMEDOUT' ? 'no answer before the timeout' : f.code === 'ECONNREFUSED' ? 'connection refused' : f.message;
        return {
          status: 'fail',
          message: `Cannot connect to ${where} (${why}). Devices that pick this DC cannot read the SCP from it.`,
          remedy: 'Check that the DC is running and that firewalls allow LDAP (389) and LDAPS (636) from clients; remove decommissioned DCs from DNS.',
          evidence: { failure: dcFailureEvidence(f), addresses: dc.addresses },
        };
      }
      return { status: 'pass', message: `${where} accepts connections${dc.addresses ? ` (${dc.addresses.join(', ')})` : ''}.`, evidence: { addresses: dc.addresses } };
    });
  },
};
