export interface StarterAnswers {
  tenantId?: string;
  tenantName?: string;
  forests: string[];
  bindDn?: string;
  schemaPath: string;
}

function envName(forest: string): string {
  return `${forest.split('.')[0]?.toUpperCase().replace(/[^A-Z0-9]/g, '_') ?? 'FOREST'}_LDAP_PASSWORD`;
}

/** The commented starter config `init` writes (JSON with comments; the loader accepts them). Pure. */
export function renderStarterConfig(a: StarterAnswers): string {
  const forests = (a.forests.length > 0 ? a.forests : ['contoso.com']).map((name) =>
    [
      '    {',
      `      "name": ${JSON.stringify(name)},`,
      '      // DCs are found through DNS (_ldap._tcp.dc._msdcs.<name>); list them to pin the audit:',
      `      // "servers": ["dc1.${name}"],`,
      '      // DNS servers that answer for the forest, when this host\'s resolver does not:',
      '      // "dnsServers": ["10.0.0.10"],',
      '      // "ldaps" (636, default) or "starttls" (389). Certificates are always verified;',
      '      // add your internal root CA (PEM) here when it is not in the system store:',
      '      "tls": "ldaps",',
      '      // "caFile": "internal-root-ca.pem",',
      '      // A read-only account; its password comes from this environment variable (or "passwordFile").',
      `      "bindDn": ${JSON.stringify(a.bindDn ?? `svc-preflight@${name}`)},`,
      `      "passwordEnv": ${JSON.stringify(envName(name))},`,
      '      "timeoutMs": 10000',
      '    }',
    ].join('\n'),
  );
  return [
    '// haadj-preflight configuration. Run: haadj-preflight check --config <this file>',
    '// Every key but forests[].name is optional. Reference: docs/configuration.md',
    '{',
    `  "$schema": ${JSON.stringify(a.schemaPath)},`,
    '  // The tenant every forest\'s SCP must point at (Entra admin center → Overview).',
    '  "tenant": {',
    `    "id": ${JSON.stringify(a.tenantId ?? '00000000-0000-0000-0000-000000000000')},`,
    `    "name": ${JSON.stringify(a.tenantName ?? 'contoso.com')}`,
    '  },',
    '  // AzureCloud, USGovernment or AzureChinaCloud',
    '  "cloud": "AzureCloud",',
    '  // One entry per forest that holds domain-joined computers.',
    '  "forests": [',
    forests.join(',\n'),
    '  ],',
    '  // How devices reach the Entra endpoints. "direct", "env" (HTTPS_PROXY/NO_PROXY of this shell),',
    '  // "http://proxy:8080", {"pac": "http://wpad/wpad.dat"}; a proxy that needs credentials:',
    '  // {"url": "http://proxy:8080", "usernameEnv": "PROXY_USER", "passwordEnv": "PROXY_PASSWORD"}.',
    '  // Remove this section to check the directory only.',
    '  "network": {',
    '    "proxies": ["direct", "env"],',
    '    "timeoutMs": 10000',
    '  }',
    '}',
    '',
  ].join('\n');
}
