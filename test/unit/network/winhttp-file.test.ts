import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { prepareNetwork } from '../../../src/gather/http/index.js';

const NETSH = '\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  proxy.contoso.test:8080\r\n    Bypass List     :  *.contoso.test;<local>\r\n\r\n';

async function winhttpPathsFrom(bytes: Buffer) {
  const file = join(mkdtempSync(join(tmpdir(), 'haadj-winhttp-')), 'winhttp.txt');
  writeFileSync(file, bytes);
  const network = { proxies: [], timeoutMs: 1000, seamlessSso: false, expectedIssuers: [], winhttpProxyFile: file, concurrency: 1 };
  const prep = await prepareNetwork({ cloud: 'AzureCloud', network, env: {} }, 'linux');
  return prep.plans.map((p) => p.path).filter((p) => p.source === 'winhttp');
}

describe('network.winhttpProxyFile is read with the Windows text decoder', () => {
  it.each([
    ['UTF-16LE with BOM (PowerShell 5 >)', iconv.encode(NETSH, 'utf16le', { addBOM: true })],
    ['UTF-16LE without BOM', iconv.encode(NETSH, 'utf16le')],
    ['UTF-8 with BOM', iconv.encode(NETSH, 'utf8', { addBOM: true })],
    ['cp850 (cmd.exe > file)', iconv.encode(NETSH, 'cp850')],
  ])('%s', async (_name, bytes) => {
    const paths = await winhttpPathsFrom(bytes);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatchObject({ kind: 'http', proxyUrl: 'http://proxy.contoso.test:8080', bypass: ['*.contoso.test', '<local>'] });
  });
});
