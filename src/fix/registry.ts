/**
 * The client-side SCP registry values (HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\CDJ\AAD,
 * REG_SZ TenantId and TenantName) as a `.reg` file and as a Group Policy Preferences Registry item
 * file (Registry.xml), pure. Values are escaped for each format.
 */
const KEY = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD';
/** GPP Registry extension: the RegistrySettings collection and the Registry item class ids. */
const SETTINGS_CLSID = '{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}';
const ITEM_CLSID = '{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}';

export interface ClientSideValues {
  tenantId: string;
  tenantName: string;
}

const regString = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]/g, '')}"`;

/** A `Windows Registry Editor Version 5.00` file (CRLF line ends, as regedit writes). */
export function renderRegFile(values: ClientSideValues): string {
  return [
    'Windows Registry Editor Version 5.00',
    '',
    `[HKEY_LOCAL_MACHINE\\${KEY}]`,
    `"TenantId"=${regString(values.tenantId)}`,
    `"TenantName"=${regString(values.tenantName)}`,
    '',
  ].join('\r\n');
}

const xmlAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u001f\u007f]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);

/** A stable item uid from the value name (GPP wants a GUID per item; stable output keeps diffs small). */
function itemUid(forest: string, name: string): string {
  let h = 0x811c9dc5;
  const bytes: number[] = [];
  for (const ch of `${forest}\u0000${name}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ i, 0x01000193) >>> 0;
    bytes.push(h & 0xff);
  }
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
}

function item(forest: string, name: string, value: string): string {
  return `  <Registry clsid="${ITEM_CLSID}" name="${name}" status="${name}" image="7" uid="${itemUid(forest, name)}" bypassErrors="1">\r\n`
    + `    <Properties action="U" displayDecimal="0" default="0" hive="HKEY_LOCAL_MACHINE" key="${xmlAttr(KEY)}" name="${name}" type="REG_SZ" value="${xmlAttr(value)}"/>\r\n`
    + '  </Registry>\r\n';
}

/** Group Policy Preferences Registry.xml (Computer Configuration → Preferences → Windows Settings → Registry), action Update. */
export function renderGppXml(forest: string, values: ClientSideValues): string {
  return '<?xml version="1.0" encoding="utf-8"?>\r\n'
    + `<RegistrySettings clsid="${SETTINGS_CLSID}">\r\n`
    + item(forest, 'TenantId', values.tenantId)
    + item(forest, 'TenantName', values.tenantName)
    + '</RegistrySettings>\r\n';
}
