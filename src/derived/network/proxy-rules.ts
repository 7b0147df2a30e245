/** Pure helpers about proxy strings: redaction, PAC answers, bypass lists, `netsh winhttp show proxy` text. */

/** Removes user:pass from every URL-like token in a text (http://user:pass@host → http://host). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

export type PacEntry = { type: 'DIRECT' } | { type: 'PROXY' | 'HTTPS' | 'SOCKS' | 'SOCKS4' | 'SOCKS5'; host: string; port: number } | { type: 'INVALID'; text: string };

/** Splits a FindProxyForURL answer ("PROXY a:8080; DIRECT") into entries, in order. An empty answer means DIRECT. */
export function parsePacResult(result: string): PacEntry[] {
  const parts = result.split(';').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return [{ type: 'DIRECT' }];
  return parts.map((part): PacEntry => {
    const [kindRaw = '', addr = '', ...rest] = part.split(/\s+/);
    const kind = kindRaw.toUpperCase();
    if (kind === 'DIRECT' && !addr) return { type: 'DIRECT' };
    if (['PROXY', 'HTTPS', 'SOCKS', 'SOCKS4', 'SOCKS5'].includes(kind) && addr && rest.length === 0) {
      const m = /^(\[[0-9a-f:.]+\]|[^:\s]+)(?::(\d{1,5}))?$/i.exec(addr);
      if (m) {
        const port = m[2] ? Number(m[2]) : kind === 'HTTPS' ? 443 : kind.startsWith('SOCKS') ? 1080 : 80;
        if (port > 0 && port < 65536) return { type: kind as 'PROXY', host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port };
      }
    }
    return { type: 'INVALID', text: part };
  });
}

/**
 * Does `host` match a bypass list? Understands NO_PROXY style (`.contoso.com`, `contoso.com`, `*`)
 * and WinHTTP style (`*.contoso.com`, `<local>` for dot-less names). Ports in entries are ignored.
 */
export function bypassMatches(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const raw of patterns) {
    const p = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (!p) continue;
    if (p === '*') return true;
    if (p === '<local>') {
      if (!h.includes('.')) return true;
      continue;
    }
    if (p.includes('*')) {
      const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      if (re.test(h)) return true;
      continue;
    }
    const bare = p.replace(/^\./, '');
    if (h === bare || h.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** Splits NO_PROXY ("a.com,.b.com b.net") into entries. */
export function splitNoProxy(value: string | undefined): string[] {
  return (value ?? '').split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

export type WinHttpProxy = { direct: true } | { direct: false; proxy: string; bypass: string[] } | { error: string };

/**
 * Parses `netsh winhttp show proxy` output (English). `Proxy Server(s)` may be `host:port` or a
 * per-scheme list `http=a:80;https=b:8443`; the https entry wins for our HTTPS endpoints.
 */
export function parseWinHttpProxy(text: string): WinHttpProxy {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r/g, '');
  if (/Direct access \(no proxy server\)/i.test(clean)) return { direct: true };
  const server = /Proxy Server\(s\)\s*:\s*(.+)$/im.exec(clean)?.[1]?.trim();
  if (!server) return { error: 'no "Proxy Server(s)" line and no "Direct access" line' };
  const bypassLine = /Bypass List\s*:\s*(.*)$/im.exec(clean)?.[1]?.trim() ?? '';
  const bypass = bypassLine === '(none)' ? [] : bypassLine.split(/[;\s]+/).filter(Boolean);
  let chosen = server;
  if (server.includes('=')) {
    const entries = server.split(';').map((e) => e.trim()).filter(Boolean);
    const byScheme = new Map(entries.map((e) => { const [k = '', v = ''] = e.split('='); return [k.toLowerCase(), v] as const; }));
    chosen = byScheme.get('https') ?? byScheme.get('http') ?? '';
    if (!chosen) return { error: `no http/https entry in "${server}"` };
  } else if (server.includes(';')) {
    chosen = server.split(';')[0]?.trim() ?? '';
  }
  chosen = chosen.replace(/^https?:\/\//i, '');
  if (!/^[^\s:/]+(:\d{1,5})?$/.test(chosen) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(chosen)) return { error: `cannot read proxy "${chosen}"` };
  if (!/:\d+$/.test(chosen)) chosen = `${chosen}:80`;
  return { direct: false, proxy: `http://${chosen}`, bypass };
}
