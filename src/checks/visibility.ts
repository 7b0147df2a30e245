import type { ObjectView } from '../artifacts/types.js';
import { storedListDenies, type DomainSid } from '../derived/security-descriptor.js';

/** Principals that cannot be the audit account's own token entries (it binds as a user). */
const NOT_THE_AUDIT_ACCOUNT = new Set(['S-1-5-18', 'S-1-3-0', 'S-1-5-10', 'S-1-5-7']);

export interface Hidden {
  /** Why the child may exist unseen, for the message. */
  reason: string;
  evidence: Record<string, unknown>;
}

/**
 * Evidence that a child of `parent` which the audit did not find may exist all the same, hidden from
 * `account`: a deny of List Contents on the parent that applies (or may apply) to the account, or a
 * parent whose permissions the account could not read. Undefined when nothing suggests hiding.
 */
export function hiddenChildEvidence(parent: ObjectView | undefined, domains: readonly DomainSid[], account: string): Hidden | undefined {
  if (!parent?.exists) return undefined;
  if (!parent.securityDescriptor) {
    if (!parent.securityDescriptorError) return undefined;
    return {
      reason: `${account} could not read the permissions of ${parent.dn} (${parent.securityDescriptorError}), so missing read rights cannot be told apart from absence`,
      evidence: { parent: parent.dn, securityDescriptorError: parent.securityDescriptorError },
    };
  }
  const computers = new Set(domains.map((d) => `${d.sid}-515`));
  const denies = (storedListDenies(parent.securityDescriptor, domains) ?? []).filter((d) => !NOT_THE_AUDIT_ACCOUNT.has(d.sid) && !computers.has(d.sid));
  if (denies.length === 0) return undefined;
  const sure = denies.filter((d) => d.appliesToEveryAccount);
  const list = (sure.length > 0 ? sure : denies).map((d) => d.ace).join('; ');
  return {
    reason: sure.length > 0
      ? `the DACL of ${parent.dn} denies listing its contents to every account, ${account} included (${list})`
      : `the DACL of ${parent.dn} denies listing its contents to principals ${account} may belong to (${list})`,
    evidence: { parent: parent.dn, denies },
  };
}
