import { CHECKS } from '../../checks/index.js';
import { describeCode, lookupCode, normalizeCode, suggestNear } from '../../codes/lookup.js';
import { verifiedByLookup } from '../../engine/verified-by.js';
import type { ParsedCode } from '../../codes/lookup.js';
import { phaseLabel } from '../../codes/markdown.js';
import type { CodeEntry } from '../../codes/types.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';

export type ExplainFormat = 'text' | 'json';

export interface ExplainResult {
  output: string;
  /** 0 every code found, 1 a well-formed code the catalog does not know, 2 unusable input. */
  exitCode: 0 | 1 | 2;
  /** One-line message for exit code 2 (printed on stderr by the wrapper). */
  error?: string;
}

type Role = 'top' | 'sub' | null;

/** Which checks verify a code: derived from the checks' meta.codes. */
const verifiedBy = verifiedByLookup(CHECKS);

interface Looked {
  role: Role;
  code: ParsedCode;
  entry: CodeEntry | undefined;
}

function entryJson(e: CodeEntry) {
  return {
    hex: e.hex,
    decimal: e.decimal,
    unsigned: parseInt(e.hex.slice(2), 16),
    name: e.name,
    aliases: e.aliases ?? [],
    phase: e.phase,
    alsoIn: e.alsoIn ?? [],
    area: e.area ?? null,
    meaning: e.meaning,
    causes: e.causes,
    remedy: e.remedy,
    docUrl: e.docUrl,
    verifiedBy: verifiedBy(e.hex),
    source: e.source,
  };
}

function toJson(input: string, looked: Looked[]): string {
  const results = looked.map(({ role, code, entry }) => {
    if (entry) return { role, found: true, ...(code.note ? { note: code.note } : {}), ...entryJson(entry) };
    return {
      role,
      found: false,
      input: code.input,
      hex: code.hex,
      decimal: code.decimal,
      unsigned: code.unsigned,
      ...(code.note ? { note: code.note } : {}),
      nearMatches: suggestNear(code.input).map((m) => ({ hex: m.entry.hex, name: m.entry.name, reason: m.reason })),
    };
  });
  return `${JSON.stringify({ input, results }, null, 2)}\n`;
}

function textFor({ role, code, entry }: Looked): string[] {
  const lines: string[] = [];
  if (role) lines.push(role === 'top' ? 'Top-level code' : 'Sub-code (the cause behind the top-level code)');
  if (code.note) lines.push(`  note: ${code.note}`);
  if (!entry) {
    if (code.hex === null) {
      lines.push(`  ${sanitizeInline(code.input)} is not a symbolic name in the catalog.`);
    } else {
      lines.push(`  ${code.hex} (${code.decimal}) is not in the catalog.`);
    }
    const near = suggestNear(code.input);
    if (near.length > 0) {
      lines.push('  Near matches:');
      for (const m of near) lines.push(`    ${m.entry.hex}  ${describeCode(m.entry.hex)}  [${m.reason}]`);
    }
    return lines;
  }
  const unsigned = parseInt(entry.hex.slice(2), 16);
  lines.push(`  ${entry.hex}  ${entry.name ?? '(no public symbolic name)'}`);
  if (entry.aliases && entry.aliases.length > 0) lines.push(`  also known as: ${entry.aliases.join(', ')}`);
  lines.push(`  decimal:  ${entry.decimal} (unsigned ${unsigned})`);
  lines.push(`  phase:    ${phaseLabel(entry)}`);
  lines.push(`  meaning:  ${entry.meaning}`);
  if (entry.causes.length > 0) {
    lines.push('  likely causes:');
    for (const c of entry.causes) lines.push(`    - ${c}`);
  }
  lines.push(`  remedy:   ${entry.remedy}`);
  lines.push(`  docs:     ${entry.docUrl}`);
  const checks = verifiedBy(entry.hex);
  lines.push(`  checked by: ${checks.length > 0 ? checks.join(', ') : '(no preflight check covers this yet)'}`);
  if (entry.source === 'field') lines.push('  (described from field reports; Microsoft\'s tables do not list it)');
  if (entry.source === 'inferred') lines.push('  (inferred: no source shows this code with these causes; the link is our reasoning)');
  return lines;
}

/** Pure: looks a code (or top/sub pair) up and renders it. No I/O. */
export function explain(input: string, format: ExplainFormat = 'text'): ExplainResult {
  const parsed = normalizeCode(input);
  if (!parsed.ok) {
    return { output: '', exitCode: 2, error: `cannot read code: ${parsed.reason} (try 0x801c001d, -2145648611 or DSREG_AUTOJOIN_ADCONFIG_READ_FAILED)` };
  }
  const pair = parsed.codes.length === 2;
  const looked: Looked[] = parsed.codes.map((code, i) => ({
    role: pair ? (i === 0 ? 'top' : 'sub') : null,
    code,
    entry: code.hex === null ? undefined : lookupCode(code.hex),
  }));
  const exitCode = looked.every((l) => l.entry) ? 0 : 1;
  if (format === 'json') return { output: toJson(input, looked), exitCode };
  const blocks = looked.map((l) => textFor(l).join('\n'));
  return { output: `${blocks.join('\n\n')}\n`, exitCode };
}

/** CLI wrapper: writes the result and sets the exit code; unusable input becomes a UserError (exit 2). */
export function runExplain(input: string, options: { format?: string }): void {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`unknown --format "${sanitizeInline(format)}" (use text or json)`);
  const result = explain(input, format);
  if (result.exitCode === 2) throw new UserError(result.error ?? 'cannot read code');
  process.stdout.write(result.output);
  process.exitCode = result.exitCode;
}
