import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { parseDnsServer, srvAnswersFrom } from '../../../src/gather/dns/srv-direct.js';

describe('direct SRV query helpers', () => {
  it('parses DNS server specs', () => {
    expect(parseDnsServer('10.0.0.1')).toEqual({ address: '10.0.0.1', port: 53 });
    expect(parseDnsServer('127.0.0.53:5353')).toEqual({ address: '127.0.0.53', port: 5353 });
    expect(parseDnsServer('[::1]:53')).toEqual({ address: '::1', port: 53 });
    expect(parseDnsServer('::1')).toEqual({ address: '::1', port: 53 });
  });

  it('maps a decoded answer (with a compressed SRV target) to records, and NXDOMAIN/empty to node:dns codes', () => {
    const name = '_ldap._tcp.dc._msdcs.contoso.test';
    const wire = dnsPacket.encode({
      type: 'response', id: 1, flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [{ type: 'SRV', name }],
      answers: [{ type: 'SRV', name, ttl: 900, data: { priority: 0, weight: 100, port: 389, target: 'dc1.contoso.test' } }],
    });
    expect(srvAnswersFrom(dnsPacket.decode(wire), name)).toEqual([{ name: 'dc1.contoso.test', port: 389, priority: 0, weight: 100 }]);
    const nx = dnsPacket.decode(dnsPacket.encode({ type: 'response', id: 2, flags: 3, questions: [{ type: 'SRV', name }] }));
    expect(() => srvAnswersFrom(nx, name)).toThrow(expect.objectContaining({ code: 'ENOTFOUND' }));
    const empty = dnsPacket.decode(dnsPacket.encode({ type: 'response', id: 3, questions: [{ type: 'SRV', name }] }));
    expect(() => srvAnswersFrom(empty, name)).toThrow(expect.objectContaining({ code: 'ENODATA' }));
  });
});
