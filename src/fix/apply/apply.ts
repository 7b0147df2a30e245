/**
 * Applying a plan and undoing it, one forest at a time through one WriteSession: back up every object
 * a step touches, refuse when the directory no longer holds what the plan saw, write the steps in
 * order and stop at the first failure, saying what was and was not changed.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupValues, renderBackup, type Backup, type BackupObject } from '../backup.js';
import { explicitOnly } from '../dacl.js';
import type { ForestPlan, PlanStep } from '../plan.js';
import { ldapErrorLine, type WriteSession } from './session.js';

export interface StepOutcome {
  done: PlanStep[];
  failed?: { step: PlanStep; error: string };
  notDone: PlanStep[];
}

/** The AD objects the plan's steps touch, the container before the SCP. */
export function touchedDns(plan: ForestPlan): string[] {
  const dns: string[] = [];
  for (const s of plan.steps) if (s.object !== 'registry' && !dns.some((d) => d.toLowerCase() === s.dn.toLowerCase())) dns.push(s.dn);
  return dns.sort((a, b) => a.split(',').length - b.split(',').length);
}

export async function takeBackup(session: WriteSession, plan: ForestPlan, port: number, now: Date): Promise<Backup> {
  const objects: BackupObject[] = [];
  for (const dn of touchedDns(plan)) {
    const o = await session.readForBackup(dn);
    const steps = plan.steps.filter((s) => s.dn.toLowerCase() === dn.toLowerCase());
    if (o.existed) o.changes = [...new Set(steps.flatMap((s) => (s.kind === 'replace-keywords' ? ['keywords'] : s.kind === 'set-dacl' ? ['nTSecurityDescriptor'] : [])))];
    objects.push(o);
  }
  return { version: 1, forest: plan.forest, server: session.host, port, takenAt: now.toISOString(), objects };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Why the directory no longer matches what the plan was built from (undefined when it does). */
export function changedSincePlan(plan: ForestPlan, backup: Backup): string | undefined {
  for (const step of plan.steps) {
    if (step.object === 'registry') continue;
    const o = backup.objects.find((x) => x.dn.toLowerCase() === step.dn.toLowerCase());
    if (!o) return `${step.dn} was not read`;
    if ((step.kind === 'create-container' || step.kind === 'create-scp') && o.existed) return `${step.dn} exists now`;
    if ((step.kind === 'replace-keywords' || step.kind === 'set-dacl') && !o.existed) return `${step.dn} no longer exists`;
    if (step.kind === 'replace-keywords' && !sameSet(backupValues(o, 'keywords').map(String), step.keywords?.old ?? [])) return `the keywords of ${step.dn} changed`;
    if (step.kind === 'set-dacl') {
      const sd = backupValues(o, 'nTSecurityDescriptor')[0];
      if (!Buffer.isBuffer(sd) || sd.toString('base64') !== step.dacl?.old) return `the permissions of ${step.dn} changed`;
    }
  }
  return undefined;
}

/** Writes the backup as `<dir>/<forest>-<time>.ldif`, mode 0600 (the folder 0700 when created). Returns the path. */
export async function writeBackupFile(dir: string, backup: Backup): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = backup.takenAt.replace(/[:.]/g, '-');
  const path = join(dir, `${backup.forest.replace(/[^A-Za-z0-9.-]/g, '_')}-${stamp}.ldif`);
  await writeFile(path, renderBackup(backup), { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return path;
}

async function writeStep(session: WriteSession, step: PlanStep): Promise<void> {
  switch (step.kind) {
    case 'create-container':
      return session.add(step.dn, { objectClass: ['container'] });
    case 'create-scp':
      return session.add(step.dn, { objectClass: ['serviceConnectionPoint'], ...(step.keywords?.new.length ? { keywords: step.keywords.new } : {}) });
    case 'replace-keywords':
      return session.replace(step.dn, 'keywords', step.keywords?.new ?? []);
    case 'set-dacl':
      return session.replaceDacl(step.dn, Buffer.from(step.dacl?.write ?? '', 'base64'));
    default:
      return undefined;
  }
}

/** Writes the AD steps in order; stops at the first failure. */
export async function executeSteps(session: WriteSession, plan: ForestPlan): Promise<StepOutcome> {
  const steps = plan.steps.filter((s) => s.object !== 'registry');
  const done: PlanStep[] = [];
  for (const [i, step] of steps.entries()) {
    try {
      await writeStep(session, step);
      done.push(step);
    } catch (err) {
      return { done, failed: { step, error: ldapErrorLine(err) }, notDone: steps.slice(i + 1) };
    }
  }
  return { done, notDone: [] };
}

export interface UndoOutcome {
  done: string[];
  failed?: { what: string; error: string };
}

/**
 * Restores a backup: deletes the objects that did not exist (the SCP before its container), then
 * puts back the keywords and the explicit DACL of the objects that did. Stops at the first failure.
 */
export async function undoBackup(session: WriteSession, backup: Backup, current: BackupObject[]): Promise<UndoOutcome> {
  const done: string[] = [];
  const deletions = backup.objects.filter((o) => !o.existed).sort((a, b) => b.dn.split(',').length - a.dn.split(',').length);
  const ops: Array<{ what: string; run: () => Promise<void> }> = [];
  for (const o of deletions) {
    if (current.find((c) => c.dn.toLowerCase() === o.dn.toLowerCase())?.existed) ops.push({ what: `delete ${o.dn}`, run: () => session.del(o.dn) });
  }
  for (const o of backup.objects.filter((x) => x.existed)) {
    // Only what the fix changed is put back: a value the old permissions hid from the reader is not in the backup.
    const changed = new Set((o.changes ?? []).map((c) => c.toLowerCase()));
    const keywords = backupValues(o, 'keywords').map(String);
    if (changed.has('keywords')) ops.push({ what: `restore the keywords of ${o.dn}`, run: () => session.replace(o.dn, 'keywords', keywords) });
    const sd = backupValues(o, 'nTSecurityDescriptor')[0];
    if (changed.has('ntsecuritydescriptor') && Buffer.isBuffer(sd)) ops.push({ what: `restore the permissions of ${o.dn}`, run: () => session.replaceDacl(o.dn, explicitOnly(sd)) });
  }
  for (const op of ops) {
    try {
      await op.run();
      done.push(op.what);
    } catch (err) {
      return { done, failed: { what: op.what, error: ldapErrorLine(err) } };
    }
  }
  return { done };
}

/** Differences between a backup and the objects as read now (existence, keywords in order, DACL bytes). */
export function differencesFromBackup(backup: Backup, now: BackupObject[]): string[] {
  const out: string[] = [];
  for (const o of backup.objects) {
    const n = now.find((x) => x.dn.toLowerCase() === o.dn.toLowerCase());
    if (!n || n.existed !== o.existed) {
      out.push(`${o.dn} ${o.existed ? 'is missing' : 'still exists'}`);
      continue;
    }
    if (!o.existed) continue;
    const changed = new Set((o.changes ?? []).map((c) => c.toLowerCase()));
    if (changed.has('keywords') && backupValues(o, 'keywords').map(String).join('\n') !== backupValues(n, 'keywords').map(String).join('\n')) out.push(`the keywords of ${o.dn} differ`);
    const a = backupValues(o, 'nTSecurityDescriptor')[0];
    const b = backupValues(n, 'nTSecurityDescriptor')[0];
    if (changed.has('ntsecuritydescriptor') && Buffer.isBuffer(a) && !(Buffer.isBuffer(b) && a.equals(b))) out.push(`the security descriptor of ${o.dn} differs`);
  }
  return out;
}
