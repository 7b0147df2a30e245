import { describe, expect, it } from 'vitest';
import { matchServerMessage, SERVER_MESSAGES } from '../../../src/codes/server-messages.js';

/** Texts as the facts file quotes them (sections 1.4, 1.7 and 6). */
const TEXTS: Array<[string, string]> = [
  ['AADSTS90002', 'AADSTS90002: Tenant 00000000-1111-2222-3333-444444444444 not found. This may happen if there are no active subscriptions for the tenant.'],
  ['AADSTS50155', 'AADSTS50155: Device authentication failed.'],
  ['AADSTS50034', 'AADSTS50034: The user account does not exist in the directory.'],
  ['AADSTS50126', 'AADSTS50126: Error validating credentials due to invalid username or password.'],
  ['device-object-not-found', 'The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) is not found.'],
  ['device-object-not-found', "The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) isn't found."],
  ['public-key-not-found', 'The public key user certificate is not found on the device object with id: (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb).'],
  ['throttled', 'Your request is throttled temporarily. Please try after 300 seconds.'],
  ['target-computer-sid', "The verification of the target computer's SID failed."],
];

describe('server message table', () => {
  it.each(TEXTS)('recognises %s', (id, text) => {
    expect(matchServerMessage(text)?.entry?.id).toBe(id);
  });

  it('every entry is recognised by one of the quoted texts, and has a source key', () => {
    const hit = new Set(TEXTS.map(([id]) => id));
    for (const e of SERVER_MESSAGES) {
      expect(hit.has(e.id)).toBe(true);
      expect(['S1', 'S26']).toContain(e.source);
      expect(e.meaning && e.cause && e.fix).toBeTruthy();
    }
  });

  it('names an AADSTS code the table does not know, and ignores unrelated text', () => {
    expect(matchServerMessage('AADSTS700016: Application not found')).toEqual({ aadsts: 'AADSTS700016', entry: null });
    expect(matchServerMessage('Something else went wrong')).toBeNull();
    expect(matchServerMessage('The device object was found')).toBeNull();
  });
});
