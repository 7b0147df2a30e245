/**
 * Renderers of a remediation plan, pure: text (for the admin), json, ldif (a change file for
 * ldapmodify or ldifde), powershell (ActiveDirectory-module commands, each guarded by a check of
 * the current state), reg and gpp-xml (client-side SCP values). Values from AD are untrusted:
 * terminal text is sanitized, LDIF base64-encodes unsafe values, PowerShell single-quotes them.
 */
import { escapeJsonUnsafe, sanitizeInline } from '../util/sanitize.js';
import { ldifComment, ldifLine, SD_FLAGS_DACL_CONTROL_LINE } from './ldif.js';
import type { ForestPlan, PlanStep, RemediationPlan } from './plan.js';
import { renderGppXml, renderRegFile } from './registry.js';
import { renderPowerShell } from './powershell.js';
import type { FixFormat } from './formats.js';

export { FIX_FORMATS, type FixFormat } from './formats.js';

const s = sanitizeInline;

function stepText(step: PlanStep, i: number): string[] {
  const lines = [
    `  ${i + 1}. ${step.title}`,
    `     object:  ${s(step.dn)}`,
    `     now:     ${s(step.current)}`,
    `     new:     ${s(step.next)}`,
  ];
  for (const f of step.fixes) lines.push(`     fixes:   ${f.check}${f.status ? ` (${f.status})` : ''}${f.message ? `: ${s(f.message)}` : ''}`);
  return lines;
}

function forestText(f: ForestPlan): string[] {
  const from = f.server ? ` (read from ${s(f.server)})` : '';
  const head = f.status === 'steps' ? `${f.steps.length} step(s)` : f.status === 'blocked' ? 'cannot be planned' : 'nothing to do';
  const lines = [`Forest ${s(f.forest)}${from}: ${head}`];
  for (const b of f.blocked) lines.push(`  blocked: ${s(b)}`);
  f.steps.forEach((step, i) => lines.push(...stepText(step, i)));
  for (const n of f.notes) lines.push(`  note: ${s(n)}`);
  if (f.clientSide && f.steps.some((x) => x.kind === 'client-side-registry')) {
    lines.push('  client-side SCP values (--format reg or --format gpp-xml for the files):');
    lines.push(`     TenantId   REG_SZ ${s(f.clientSide.tenantId)}`, `     TenantName REG_SZ ${s(f.clientSide.tenantName)}`);
  }
  return lines;
}

export function renderPlanText(plan: RemediationPlan): string {
  const out: string[] = [];
  for (const f of plan.forests) out.push(...forestText(f), '');
  const steps = plan.forests.reduce((n, f) => n + f.steps.length, 0);
  const blocked = plan.forests.filter((f) => f.status === 'blocked').length;
  out.push(steps === 0 && blocked === 0 ? 'Nothing to do: every forest\'s SCP is right.' : `${steps} step(s) in ${plan.forests.filter((f) => f.steps.length).length} forest(s)${blocked ? `; ${blocked} forest(s) could not be planned` : ''}.`);
  return `${out.join('\n')}\n`;
}

export function renderPlanJson(plan: RemediationPlan): string {
  return `${escapeJsonUnsafe(JSON.stringify(plan, null, 2))}\n`;
}

function ldifStep(step: PlanStep, i: number): string[] {
  const lines = [ldifComment(`Step ${i + 1}: ${step.title} (fixes ${step.fixes.map((f) => f.check).join(', ')})`), ldifComment(`now: ${step.current}`)];
  if (step.kind === 'create-container') lines.push(ldifLine('dn', step.dn), 'changetype: add', 'objectClass: container');
  if (step.kind === 'create-scp') {
    lines.push(ldifLine('dn', step.dn), 'changetype: add', 'objectClass: serviceConnectionPoint');
    for (const k of step.keywords?.new ?? []) lines.push(ldifLine('keywords', k));
  }
  if (step.kind === 'replace-keywords') {
    lines.push(ldifLine('dn', step.dn), 'changetype: modify', 'replace: keywords');
    for (const k of step.keywords?.new ?? []) lines.push(ldifLine('keywords', k));
    lines.push('-');
  }
  if (step.kind === 'set-dacl' && step.dacl) {
    lines.push(ldifLine('dn', step.dn), SD_FLAGS_DACL_CONTROL_LINE, 'changetype: modify', 'replace: nTSecurityDescriptor', ldifLine('nTSecurityDescriptor', Buffer.from(step.dacl.write, 'base64')), '-');
  }
  return lines;
}

/** One LDIF change file; each forest's records go to a DC of that forest (the header names it). */
export function renderPlanLdif(plan: RemediationPlan): string {
  const out = ['version: 1', ''];
  for (const f of plan.forests) {
    const adSteps = f.steps.filter((x) => x.object !== 'registry');
    out.push(ldifComment(`Forest ${f.forest}: ${f.status === 'blocked' ? `not planned (${f.blocked.join('; ')})` : adSteps.length ? `${adSteps.length} change(s), planned from ${f.server ?? '?'}` : 'nothing to do'}`));
    if (adSteps.length) out.push(ldifComment(`apply with: ldapmodify -H ldaps://${f.server ?? 'DC'} -D <admin> -W -f <this file>`));
    out.push('');
    adSteps.forEach((step, i) => out.push(...ldifStep(step, i), ''));
  }
  return `${out.join('\n')}\n`;
}

export function renderPlanReg(plan: RemediationPlan): string {
  const f = plan.forests.find((x) => x.clientSide);
  return f?.clientSide ? renderRegFile(f.clientSide) : '';
}

export function renderPlanGpp(plan: RemediationPlan): string {
  const f = plan.forests.find((x) => x.clientSide);
  return f?.clientSide ? renderGppXml(f.forest, f.clientSide) : '';
}

export function renderPlan(plan: RemediationPlan, format: FixFormat): string {
  switch (format) {
    case 'json': return renderPlanJson(plan);
    case 'ldif': return renderPlanLdif(plan);
    case 'powershell': return renderPowerShell(plan);
    case 'reg': return renderPlanReg(plan);
    case 'gpp-xml': return renderPlanGpp(plan);
    default: return renderPlanText(plan);
  }
}


