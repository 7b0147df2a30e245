/** Proves the Samba lab: LDAPS with host-name verification, DNS, SCP helpers, SD flags, DC stop/start. */
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { Client, StrongAuthRequiredError } from 'ldapts';
import { afterAll, describe, expect, it } from 'vitest';
import { createDnsClient } from '../../src/gather/dns/resolver.js';
import {
  AUTHENTICATED_USERS,
  DENY_READ_MASK,
  deleteScp,
  deleteScpContainer,
  denyReadToAuthenticatedUsers,
  getForest,
  getLab,
  isDcRunning,
  parseDacl,
  probeDc,
  readScpKeywords,
  readSecurityDescriptor,
  restoreDefaultScpAcl,
  scpDn,
  setScp,
  startForestDc,
  stopForestDc,
} from '../lab/index.js';

const contoso = getForest('contoso');
const fabrikam = getForest('fabrikam');

function resolverFor(ip: string): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([ip]);
  return resolver;
}

async function bindOnce(url: string, tlsOptions?: object): Promise<void> {
  const client = new Client({ url, connectTimeout: 3000, timeout: 5000, ...(tlsOptions ? { tlsOptions } : {}) });
  try {
    await client.bind(contoso.bindDn, contoso.password);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

describe('lab', () => {
  afterAll(async () => {
    for (const forest of [contoso, fabrikam]) if (!isDcRunning(forest)) await startForestDc(forest);
    await deleteScpContainer(contoso);
  });

  it('describes two distinct forests', () => {
    const lab = getLab();
    expect(lab.forests.contoso).toMatchObject({
      name: 'contoso.test', netbios: 'CONTOSO', ip: '127.0.0.11', dcHostName: 'dc1.contoso.test',
      baseDn: 'DC=contoso,DC=test', configDn: 'CN=Configuration,DC=contoso,DC=test',
    });
    expect(lab.forests.fabrikam.ip).toBe('127.0.0.12');
    expect(lab.forests.fabrikam.password).not.toBe(contoso.password);
  });

  it('LDAPS verifies the lab CA against the DC host name', async () => {
    const ca = readFileSync(contoso.caFile);
    await bindOnce(`ldaps://${contoso.ip}`, { ca, servername: contoso.dcHostName });
    // Same CA, wrong name: Node's checkServerIdentity must refuse it.
    await expect(bindOnce(`ldaps://${contoso.ip}`, { ca, servername: 'dc2.contoso.test' })).rejects.toThrow(/altnames|CN/);
    // No lab CA: untrusted chain.
    await expect(bindOnce(`ldaps://${contoso.ip}`, { servername: contoso.dcHostName })).rejects.toThrow(/certificate/i);
  });

  it('accepts the three bind DN forms over LDAPS', async () => {
    const tlsOptions = { ca: readFileSync(contoso.caFile), servername: contoso.dcHostName };
    for (const dn of [contoso.bindDn, `CN=Administrator,CN=Users,${contoso.baseDn}`, `${contoso.netbios}\\Administrator`]) {
      const client = new Client({ url: `ldaps://${contoso.ip}`, connectTimeout: 3000, timeout: 5000, tlsOptions });
      try {
        await expect(client.bind(dn, contoso.password)).resolves.toBeUndefined();
      } finally {
        await client.unbind().catch(() => undefined);
      }
    }
  });

  it('refuses a plain LDAP simple bind with strongerAuthRequired', async () => {
    const error = await bindOnce(`ldap://${contoso.ip}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrongAuthRequiredError);
    expect((error as StrongAuthRequiredError).code).toBe(8);
  });

  it('serves the DC locator SRV record and the DC A record over its own DNS', async () => {
    for (const forest of [contoso, fabrikam]) {
      const resolver = resolverFor(forest.ip);
      // Through the tool's DNS client: Node 24's c-ares answers EBADRESP to Samba's SRV replies.
      const srv = await createDnsClient([forest.ip], 2000).srv(`_ldap._tcp.dc._msdcs.${forest.name}`);
      // contoso also lists its joined DC (dc2, registered on dc1's DNS); fabrikam has one DC.
      const dcs = [{ hostName: forest.dcHostName, ip: forest.ip }, ...forest.extraDcs];
      expect(srv.map((r) => r.name.toLowerCase()).sort()).toEqual(dcs.map((dc) => dc.hostName).sort());
      for (const dc of dcs) expect(await resolver.resolve4(dc.hostName)).toEqual([dc.ip]);
    }
    expect(contoso.extraDcs.map((dc) => [dc.hostName, dc.ip])).toEqual([['dc2.contoso.test', '127.0.0.13']]);
    expect(fabrikam.extraDcs).toEqual([]);
  });

  it('creates, updates and deletes the SCP', async () => {
    const fabrikamBefore = await readScpKeywords(fabrikam);
    await deleteScpContainer(contoso);
    expect(await readScpKeywords(contoso)).toBeUndefined();
    await setScp(contoso, ['azureADName:contoso.onmicrosoft.com', 'azureADId:11111111-2222-3333-4444-555555555555']);
    expect((await readScpKeywords(contoso))?.sort()).toEqual([
      'azureADId:11111111-2222-3333-4444-555555555555', 'azureADName:contoso.onmicrosoft.com',
    ]);
    await setScp(contoso, ['azureADName:other.onmicrosoft.com']);
    expect(await readScpKeywords(contoso)).toEqual(['azureADName:other.onmicrosoft.com']);
    await deleteScp(contoso);
    expect(await readScpKeywords(contoso)).toBeUndefined();
    // The other forest is independent.
    expect(await readScpKeywords(fabrikam)).toEqual(fabrikamBefore);
  });

  it('applies a deny-read ACE for Authenticated Users visible through the SD flags control', async () => {
    await setScp(contoso, ['azureADName:contoso.onmicrosoft.com']);
    const before = parseDacl(await readSecurityDescriptor(contoso));
    expect(before.aces.some((a) => a.type === 1)).toBe(false);

    await denyReadToAuthenticatedUsers(contoso);
    const sd = await readSecurityDescriptor(contoso);
    expect(sd.readUInt32LE(4)).toBe(0); // DACL only: no owner requested
    const deny = parseDacl(sd).aces.filter((a) => a.type === 1 && a.sid === AUTHENTICATED_USERS);
    expect(deny).toHaveLength(1);
    expect(deny[0]?.mask).toBe(DENY_READ_MASK);
    // Inherited ACEs survive the rewrite.
    expect(parseDacl(sd).aces.filter((a) => a.flags & 0x10).length).toBe(before.aces.filter((a) => a.flags & 0x10).length);
    // The administrator is an authenticated user too: keywords are no longer readable.
    expect(await readScpKeywords(contoso)).toEqual([]);

    await restoreDefaultScpAcl(contoso);
    expect(parseDacl(await readSecurityDescriptor(contoso)).aces.some((a) => a.type === 1)).toBe(false);
    expect(await readScpKeywords(contoso)).toEqual(['azureADName:contoso.onmicrosoft.com']);
    expect(scpDn(contoso)).toBe(
      'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test',
    );
  });

  it('stops and restarts one DC while the other keeps serving', async () => {
    await stopForestDc(fabrikam);
    expect(isDcRunning(fabrikam)).toBe(false);
    await expect(probeDc(fabrikam)).rejects.toThrow();
    await probeDc(contoso);
    await startForestDc(fabrikam);
    expect(isDcRunning(fabrikam)).toBe(true);
    await probeDc(fabrikam);
  }, 90_000);
});
