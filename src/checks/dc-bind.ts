import { perDc } from './helpers.js';
import type { Check } from './types.js';
import { dcFailureEvidence } from '../derived/failure-evidence.js';

const CAUSES: Record<string, { why: string; remedy: string }> = {
  invalidCredentials: {
    why: 'the DC rejected the credentials (wrong password, or the account is disabled, locked or expired)',
    remedy: 'Check forests[].bindDn and the password in the variable or file that passwordEnv/passwordFile names.',
  },
  strongerAuthRequired: {
    why: 'the DC refuses simple binds without TLS (strongerAuthRequired), as hardened AD does',
    remedy: 'Use tls: "ldaps" (default) or "starttls". Never send the password in clear text.',
  },
  confidentialityRequired: {
    why: 'the DC requires a confidential (TLS) connection',
    remedy: 'Use tls: "ldaps" (default) or "starttls".',
  },
};

export const dcBind: Check<'forests'> = {
  meta: {
    id: 'dc-bind',
    title: 'Bind and read the directory',
    description: 'Authenticates with the configured read account (simple bind over TLS) so the configuration partition can be read.',
    severity: 'high',
    needs: ['forests'],
    codes: [],
  },
  run(artifacts) {
    return perDc(artifacts, (dc) => {
      const f = dc.failure;
      if (f && ['dns', 'connect', 'tls', 'starttls'].includes(f.stage)) return { status: 'skip', message: 'Not reached: no connection to bind on.' };
      if (f?.stage === 'bind') {
        const known = CAUSES[f.code];
        return {
          status: 'error',
          message: `Bind to ${dc.host} failed: ${known?.why ?? f.message} (${f.code}). The SCP checks for this DC did not run.`,
          remedy: known?.remedy ?? 'Check the bind account and the DC\'s LDAP policy.',
          evidence: { failure: dcFailureEvidence(f) },
        };
      }
      if (f?.stage === 'rootdse') {
        // The rootDSE is read first on a new connection (before the bind), so nothing says a bind happened.
        const hung = f.code === 'ETIMEDOUT';
        return {
          status: 'error',
          message: `Connected to ${dc.host}, but ${hung ? 'the DC did not answer LDAP requests before the timeout' : `reading the rootDSE failed: ${f.message}`} (${f.code}). The SCP checks for this DC did not run.`,
          remedy: hung ? 'The DC accepts connections but its LDAP service does not answer: check the DC\'s health (NTDS, load), or raise forests[].timeoutMs.' : 'Check the DC\'s health and the timeout (forests[].timeoutMs).',
          evidence: { failure: dcFailureEvidence(f) },
        };
      }
      if (f) {
        return {
          status: 'error',
          message: `Bound to ${dc.host}, but reading the configuration partition failed: ${f.message} (${f.code}).`,
          remedy: f.code === 'insufficientAccessRights' ? 'Give the read account read access to the configuration partition (Authenticated Users have it by default).' : 'Check the DC\'s health and the timeout (forests[].timeoutMs).',
          evidence: { failure: dcFailureEvidence(f) },
        };
      }
      return { status: 'pass', message: `Bound to ${dc.host} and read the rootDSE and the configuration partition.` };
    });
  },
};
