/** Distinguished names as the inventory compares them: split on unescaped commas, compared case-insensitively. */

/** The RDNs of a DN, each trimmed; escaped commas (`\,`) and escaped backslashes stay inside their RDN. */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i] as string;
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + (dn[i + 1] as string);
      i++;
    } else if (ch === ',') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '' || parts.length > 0) parts.push(current.trim());
  return parts;
}

/** Comparable form: RDNs trimmed, spaces around `=` removed, lower case. */
export function normalizeDn(dn: string): string {
  return splitDn(dn).map((rdn) => rdn.replace(/\s*=\s*/, '=').toLowerCase()).join(',');
}

/** The container of an object: its DN without the first RDN (the OU a computer is counted under). */
export function parentDn(dn: string): string {
  return splitDn(dn).slice(1).join(',');
}

/** Whether `dn` is `container` or lies below it (both normalized first). */
export function isWithin(dn: string, container: string): boolean {
  const a = normalizeDn(dn);
  const b = normalizeDn(container);
  return b !== '' && (a === b || a.endsWith(`,${b}`));
}

/** How deep a DN is (number of RDNs): the more specific of two scope rules wins. */
export function dnDepth(dn: string): number {
  return splitDn(dn).length;
}
