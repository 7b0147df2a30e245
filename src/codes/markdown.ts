import type { CodeArea, CodeEntry, CodePhase } from './types.js';
import { CODE_AREAS, CODE_PHASES } from './types.js';

const PHASE_TITLES: Record<CodePhase, string> = {
  'pre-check': 'Pre-check',
  discover: 'Discover',
  auth: 'Authentication',
  join: 'Join',
  none: 'No phase',
};

const AREA_TITLES: Record<CodeArea, string> = {
  network: 'network (WinINet / WinHTTP)',
  tpm: 'TPM and keys',
  prt: 'sign-in and SSO (PRT)',
  hello: 'Windows Hello and MDM enrolment',
};

const SOURCE_TEXT: Record<CodeEntry['source'], string> = {
  microsoft: 'Microsoft documentation',
  field: 'field reports (not in Microsoft\'s tables)',
  inferred: 'inferred: the link to these causes is our reasoning, no source shows it',
};

interface Section {
  title: string;
  entries: CodeEntry[];
}

/** Sections in flow order: each phase, first its codes without an area, then one section per area. */
export function codeSections(catalog: readonly CodeEntry[]): Section[] {
  const out: Section[] = [];
  for (const phase of CODE_PHASES) {
    for (const area of [undefined, ...CODE_AREAS]) {
      const entries = catalog.filter((e) => e.phase === phase && e.area === area);
      if (entries.length === 0) continue;
      const title = area ? `${PHASE_TITLES[phase]}: ${AREA_TITLES[area]}` : PHASE_TITLES[phase];
      out.push({ title, entries });
    }
  }
  return out;
}

/** "join", "discover (also join)", "none · tpm": the phase column of the index. */
export function phaseLabel(e: CodeEntry): string {
  const also = e.alsoIn && e.alsoIn.length > 0 ? ` (also ${e.alsoIn.join(', ')})` : '';
  return `${e.phase}${also}${e.area ? ` · ${e.area}` : ''}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function anchor(entry: CodeEntry): string {
  return entry.hex;
}

/** Renders docs/codes.md from the catalog. Pure; a unit test compares the result with the file on disk. */
export function renderCodesMarkdown(catalog: readonly CodeEntry[], verifiedBy: (hex: string) => readonly string[]): string {
  const lines: string[] = [];
  lines.push('# Error codes');
  lines.push('');
  lines.push('<!-- Generated from src/codes/catalog.ts by scripts/gen-codes-doc.mjs; do not edit by hand. -->');
  lines.push('');
  lines.push(
    'Every code `haadj-preflight` knows, grouped by the phase of the hybrid-join flow where it shows up. ' +
      '`haadj-preflight explain CODE` prints the same entry in the terminal. Codes are written as lower-case ' +
      '`0x` + 8 hex digits; "decimal" is the signed 32-bit value that event logs print. The phase is the ' +
      '`Error Phase` dsregcmd prints (pre-check, discover, auth, join), or "none" for codes outside the join ' +
      'flow; network, TPM, PRT and Windows Hello codes are grouped by that area too. "Checked by" lists the ' +
      'preflight checks that can confirm or rule out the usual causes.',
  );
  lines.push('');
  lines.push(`${catalog.length} codes.`);
  lines.push('');
  lines.push('## Index');
  lines.push('');
  lines.push('| Code | Decimal | Name | Phase |');
  lines.push('|---|---|---|---|');
  const sections = codeSections(catalog);
  for (const e of sections.flatMap((x) => x.entries)) {
    lines.push(`| [${e.hex}](#${anchor(e)}) | ${e.decimal} | ${cell(e.name ?? '—')} | ${phaseLabel(e)} |`);
  }
  for (const { title, entries } of sections) {
    lines.push('');
    lines.push(`## ${title}`);
    for (const e of entries) {
      lines.push('');
      lines.push(`### ${e.hex}`);
      lines.push('');
      lines.push(`- Name: ${e.name ? `\`${e.name}\`` : '(no public symbolic name)'}`);
      if (e.aliases && e.aliases.length > 0) lines.push(`- Also known as: ${e.aliases.map((a) => `\`${a}\``).join(', ')}`);
      lines.push(`- Decimal: ${e.decimal}`);
      lines.push(`- Meaning: ${e.meaning}`);
      if (e.causes.length > 0) {
        lines.push('- Likely causes:');
        for (const c of e.causes) lines.push(`  - ${c}`);
      }
      lines.push(`- Remedy: ${e.remedy}`);
      const checks = verifiedBy(e.hex);
      lines.push(`- Checked by: ${checks.length > 0 ? checks.map((id) => `\`${id}\``).join(', ') : '(no check yet)'}`);
      lines.push(`- Described by: ${SOURCE_TEXT[e.source]}`);
      lines.push(`- Reference: <${e.docUrl}>`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

export const CHECK_CODES_START = '<!-- codes: generated from the check\'s meta.codes by scripts/gen-check-docs.mjs; do not edit -->';
export const CHECK_CODES_END = '<!-- /codes -->';

/** The "Codes." block of docs/checks/<id>.md: the check's declared codes with name and phase, from the catalog. */
export function renderCheckCodes(codes: readonly string[], lookup: (hex: string) => CodeEntry | undefined): string {
  const list = codes.map((hex) => {
    const e = lookup(hex);
    return e ? `\`${hex}\` ${e.name ? `${e.name} ` : ''}(${e.phase})` : `\`${hex}\` (not in the catalog)`;
  });
  const body = list.length > 0 ? `${list.join(', ')}. See [the code reference](../codes.md).` : 'None: this check predicts no device code.';
  return `**Codes.** ${CHECK_CODES_START}\n${body}\n${CHECK_CODES_END}`;
}

/** Replaces the "Codes." paragraph (generated block, or the hand-written paragraph it superseded) of a check page. */
export function withCheckCodes(page: string, block: string): string {
  const generated = new RegExp(`\\*\\*Codes\\.\\*\\* ${escapeRegExp(CHECK_CODES_START)}[\\s\\S]*?${escapeRegExp(CHECK_CODES_END)}`);
  if (generated.test(page)) return page.replace(generated, () => block);
  const prose = /\*\*Codes\.\*\*[\s\S]*?(?=\n\n|\n?$)/;
  if (prose.test(page)) return page.replace(prose, () => block);
  return `${page.trimEnd()}\n\n${block}\n`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
