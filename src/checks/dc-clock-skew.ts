import { perDc } from './helpers.js';
import type { Check } from './types.js';

/** DC time minus host time, in seconds, using the middle of the request as the host's moment. */
export function skewSeconds(dcTime: string, before: string, after: string): number {
  const middle = (Date.parse(before) + Date.parse(after)) / 2;
  return (Date.parse(dcTime) - middle) / 1000;
}

export const dcClockSkew: Check<'forests'> = {
  meta: {
    id: 'dc-clock-skew',
    title: 'DC clock agrees with this host',
    description: 'Compares each DC\'s currentTime (rootDSE) with this host\'s clock. Devices take their time from the DCs; a wrong DC clock breaks Kerberos and token lifetimes (and, off by hours or more, certificate validity).',
    severity: 'medium',
    needs: ['forests'],
    codes: ['0xcaa82f8f'],
  },
  run(artifacts) {
    const { clockSkewWarnSeconds: warnAt, clockSkewFailSeconds: failAt } = artifacts.settings;
    return perDc(artifacts, (dc) => {
      const time = dc.rootDse?.currentTime;
      if (!time || !dc.hostTimeBefore || !dc.hostTimeAfter) return { status: 'skip', message: 'The DC time was not read.' };
      const skew = skewSeconds(time, dc.hostTimeBefore, dc.hostTimeAfter);
      const abs = Math.abs(skew);
      const text = `${dc.host} is ${abs.toFixed(0)} s ${skew >= 0 ? 'ahead of' : 'behind'} this host`;
      const evidence = { dcTime: time, hostTime: dc.hostTimeBefore, skewSeconds: Math.round(skew), phase: 'auth' };
      if (abs > failAt) {
        return {
          status: 'fail',
          message: `${text} (limit ${failAt} s). If this host is right, devices syncing from this DC will have a wrong clock: their tokens fail against Entra, in the federated auth phase as 0xcaa82f8f (Microsoft names clock skew for it).`,
          codes: ['0xcaa82f8f'],
          remedy: 'Check which clock is wrong; fix the forest time hierarchy (PDC emulator syncing from a reliable source).',
          evidence,
        };
      }
      if (abs > warnAt) return { status: 'warn', message: `${text} (warning above ${warnAt} s).`, remedy: 'Check the time sync of this host and of the DC.', evidence };
      return { status: 'pass', message: `${text}.`, evidence };
    });
  },
};
