import type { Diagnosis } from '../engine/diagnosis.js';
import type { ServerResponse } from '../derived/dsregcmd/types.js';
import { sanitizeInline } from '../util/sanitize.js';

const VERDICT_LABEL: Record<Diagnosis['conclusion']['verdict'], string> = {
  'no-error': 'NO ERROR',
  confirmed: 'CAUSE CONFIRMED IN THE ENVIRONMENT',
  'environment-healthy': 'ENVIRONMENT HEALTHY: LOOK AT THE DEVICE',
  'not-verified': 'NOT VERIFIED',
  inconclusive: 'INCONCLUSIVE',
};

/** The service's answer, bounded and escaped (it is untrusted text), with the table's explanation. */
function serverLines(label: string, r: ServerResponse | null): string[] {
  if (!r) return [];
  const s = (t: string | null) => sanitizeInline(t ?? '');
  const head = [r.errorCode, r.httpStatus === null ? null : `HTTP ${r.httpStatus}`].filter(Boolean).join(', ');
  const lines = [`  ${label.padEnd(13)} ${s(head)}${r.message ? `${head ? ': ' : ''}"${s(r.message)}"` : ''}`];
  const e = r.explanation;
  if (e) {
    lines.push(`      means: ${s(e.meaning)} [${e.source}]`, `      cause: ${s(e.cause)}`, `      fix: ${s(e.fix)}`);
  } else if (r.aadsts) {
    lines.push(`      ${r.aadsts} is not in this tool's table of server messages`);
  }
  return lines;
}

/** What Entra ID holds for the device (untrusted names and ids escaped). */
function cloudLines(c: NonNullable<Diagnosis['cloud']>): string[] {
  const s = (t: string | null | undefined) => sanitizeInline(t ?? '');
  const label = c.problem === true ? 'MISMATCH' : c.problem === false ? 'ok' : 'not observed';
  const lines = [`  ${label}${c.key ? ` (looked up by ${c.lookup === 'device-id' ? 'DeviceId' : 'name'} ${s(c.key)})` : ''}: ${s(c.text)}`];
  for (const d of c.devices) {
    lines.push(`  - ${s(d.displayName)} ${s(d.deviceId)} ${s(d.trustType)}, ${d.accountEnabled === false ? 'disabled' : 'enabled'}, ${d.x509 ? 'registered (X509)' : 'pending'}, managed ${String(d.isManaged)}, compliant ${String(d.isCompliant)}`);
  }
  return lines;
}

/** Human text for `diagnose`: what the device shows, what its codes mean, what the environment says. */
export function renderDiagnosisText(d: Diagnosis, color: boolean): string {
  const s = (t: string | null | undefined) => sanitizeInline(t ?? '');
  const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[0m` : t);
  const out: string[] = [];
  out.push(bold('The device'));
  out.push(`  name          ${s(d.device.name) || '(not shown)'}`);
  out.push(`  join state    ${d.device.joinState}`);
  out.push(`  error phase   ${d.device.errorPhase ?? '-'}`);
  out.push(`  client error  ${d.device.clientErrorCode ?? '-'}${d.device.serverErrorCode ? `   server error ${s(d.device.serverErrorCode)}` : ''}`);
  out.push(`  context       ${d.device.context ?? '(not shown)'}`);
  if (d.device.tenant?.id || d.device.tenant?.name) out.push(`  tenant        ${s(d.device.tenant.name)} ${s(d.device.tenant.id)}`.trimEnd());
  for (const t of d.device.failingTests) out.push(`  ${s(t.test)}: ${s(t.result)}${t.codes.length ? ` [${t.codes.join('/')}]` : ''}`);
  out.push(...serverLines('server said', d.device.server));
  out.push(...serverLines('PRT server', d.device.prtServer));
  for (const n of d.device.notes) out.push(`  note          ${n.code} in ${s(n.field)}: ${s(n.note)}`);
  out.push('');
  if (d.clientSideScp) {
    out.push(bold('Its client-side SCP'), `  ${s(d.clientSideScp.file)}: ${s(d.clientSideScp.text)}`, '');
  }
  if (d.cloud) out.push(bold('Entra ID'), ...cloudLines(d.cloud), '');
  if (d.codes.length > 0) {
    out.push(bold('Its codes'));
    for (const c of d.codes) {
      if (!c.known) {
        out.push(`  ${c.hex}  not in the catalog`);
        continue;
      }
      out.push(`  ${c.hex}  ${s(c.name)} (${s(c.phase)})`);
      out.push(`      ${s(c.meaning)}`);
      out.push(`      fix: ${s(c.remedy)}`);
    }
    out.push('');
  }
  if (d.verification) {
    const v = d.verification;
    out.push(bold('The environment'));
    out.push(`  checks run: ${v.checks.join(', ') || '(none)'}`);
    out.push(`  ${v.summary.pass} pass, ${v.summary.warn} warn, ${v.summary.fail} fail, ${v.summary.error} error, ${v.summary.skip} skip`);
    for (const f of v.problems) {
      const subject = [f.forest, f.server, f.proxy, f.endpoint].filter(Boolean).map((x) => s(String(x))).join(' ');
      out.push(`  ${f.status.toUpperCase().padEnd(5)} ${f.check} ${subject ? `[${subject}] ` : ''}${s(f.message)}`);
    }
    out.push('');
  }
  out.push(`${bold(VERDICT_LABEL[d.conclusion.verdict])}: ${s(d.conclusion.text)}`);
  if (d.conclusion.deviceSide.length > 0) {
    out.push('', bold('On the device, check'));
    for (const h of d.conclusion.deviceSide) out.push(`  - ${s(h)}`);
  }
  return `${out.join('\n')}\n`;
}
