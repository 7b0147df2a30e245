import { observedDcs } from '../derived/forest-view.js';
import type { Check } from './types.js';

/** A comparable fingerprint of one DC's SCP: existence plus the sorted keyword values. */
function fingerprint(scp: { keywords: string[] } | null): string {
  return scp ? JSON.stringify([...scp.keywords].sort()) : 'absent';
}

export const scpReplication: Check<'forests'> = {
  meta: {
    id: 'scp-replication',
    title: 'Every DC holds the same SCP',
    description: 'Devices read the SCP from whichever DC they locate, so every DC of the forest must hold the same object (configuration partition replication).',
    severity: 'high',
    needs: ['forests'],
    codes: ['0x801c001d'],
  },
  run(artifacts) {
    return artifacts.forests.map((forest) => {
      const dcs = observedDcs(forest);
      const unread = forest.dcs.length - dcs.length;
      const note = unread > 0 ? ` ${unread} DC(s) could not be read and were not compared.` : '';
      if (dcs.length < 2) {
        return { status: 'skip' as const, forest: forest.name, message: `Only ${dcs.length} DC answered; nothing to compare.${note}` };
      }
      const views = Object.fromEntries(dcs.map((dc) => [dc.host, dc.scp ? dc.scp.keywords : null]));
      const distinct = new Set(dcs.map((dc) => fingerprint(dc.scp)));
      if (distinct.size === 1) {
        return { status: 'pass' as const, forest: forest.name, message: `All ${dcs.length} DCs hold the same SCP.${note}`, evidence: { views } };
      }
      const missing = dcs.filter((dc) => !dc.scp).map((dc) => dc.host);
      if (forest.clientSideScp) {
        return {
          status: 'warn' as const,
          forest: forest.name,
          message: `The DCs disagree about the SCP${missing.length ? ` (missing on ${missing.join(', ')})` : ''}. Devices with the client-side SCP registry values do not read it; devices without them get a different answer depending on the DC they reach.${note}`,
          remedy: 'Check configuration-partition replication (repadmin /showrepl, or samba-tool drs showrepl).',
          evidence: { views },
        };
      }
      return {
        status: 'fail' as const,
        forest: forest.name,
        message: `The DCs disagree about the SCP${missing.length ? ` (missing on ${missing.join(', ')})` : ''}. Devices get a different answer depending on the DC they reach${missing.length ? '; those that reach a DC without it fail with 0x801c001d' : ''}.${note}`,
        codes: ['0x801c001d'],
        remedy: 'Check configuration-partition replication (repadmin /showrepl, or samba-tool drs showrepl) and force it once the source DC holds the right SCP.',
        evidence: { views },
      };
    });
  },
};
