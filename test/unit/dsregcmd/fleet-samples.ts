import { fullSample } from './samples.js';

/** The real Server 2022 capture (SCP missing, 0x801c001d), rewritten to another device, day and state. */
export function capture(o: { host: string; domain: string; netbios?: string; day: number; state?: 'scp' | 'timeout' | 'joined'; deviceId?: string; proxy?: string }): string {
  let t = fullSample()
    .replace('rcmlab-ws2022-s.rcmlab.local', `${o.host}.${o.domain}`)
    .replace('DomainName : RCMLAB', `DomainName : ${o.netbios ?? o.domain.split('.')[0]?.toUpperCase()}`)
    .replace('RCMLAB\\RCMLAB-WS2022-S$, RCMLAB-WS2022-S$@rcmlab.local', `X\\${o.host.toUpperCase()}$, ${o.host.toUpperCase()}$@${o.domain}`)
    .replace('Client Time : 2022-11-07 15:51:42.000 UTC', `Client Time : 2026-11-${String(o.day).padStart(2, '0')} 08:00:00.000 UTC`);
  if (o.state === 'timeout') {
    t = t.replace('AD Configuration Test : FAIL [0x80070002]', 'AD Configuration Test : PASS')
      .replace('DRS Discovery Test : SKIPPED', 'DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]')
      .replace('Client ErrorCode : 0x801c001d', 'Client ErrorCode : 0x801c0021');
  }
  if (o.state === 'joined') {
    t = t.replace('AzureAdJoined : NO', 'AzureAdJoined : YES')
      .replace(/\n\s*Error Phase : discover\n\s*Client ErrorCode : 0x801c001d/, '')
      .replace('AD Configuration Test : FAIL [0x80070002]', 'AD Configuration Test : PASS');
  }
  if (o.deviceId) t = t.replace(/(\| User State)/, `| Device Details                                                       |\n+----------------------------------------------------------------------+\n\n                  DeviceId : ${o.deviceId}\n\n+----------------------------------------------------------------------+\n$1`);
  if (o.proxy) t = t.replace('Access Type : DIRECT', `Access Type : NAMED_PROXY\n         Proxy Server List : ${o.proxy}`);
  return t;
}

