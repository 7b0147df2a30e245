/** `fix --apply`, `fix --undo`, `fix --verify`: the parts of the fix command that talk to a DC as the write account. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifacts, DcArtifact, ForestArtifact } from '../../artifacts/types.js';
import { CHECKS } from '../../checks/index.js';
import { defaultPort, type ForestSettings, type Settings } from '../../config/settings.js';
import type { Finding } from '../../engine/report.js';
import { evaluate } from '../../engine/run.js';
import { resolveExtraCa, resolvePassword } from '../../gather/credentials.js';
import { createDnsClient } from '../../gather/dns/resolver.js';
import { gatherDc } from '../../gather/ldap/dc.js';
import { changedSincePlan, differencesFromBackup, executeSteps, takeBackup, undoBackup, writeBackupFile } from '../../fix/apply/apply.js';
import { ldapErrorLine, WriteSession, type WriteTarget } from '../../fix/apply/session.js';
import { backupConfigurationNc, parseBackup, type Backup, type BackupObject } from '../../fix/backup.js';
import { dcEvidence, forestEvidence } from '../../fix/evidence.js';
import { planForest, type ForestPlan } from '../../fix/plan.js';
import { renderPlanText } from '../../fix/render.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';
import { redactSecrets } from '../../util/secrets.js';
import { confirmOnTerminal } from '../confirm.js';
import type { FixCommandOptions } from '../commands/fix.js';

/** The checks a fix is verified with. */
const SCP_CHECKS = CHECKS.filter((c) => ['scp-container', 'scp-present', 'scp-keywords', 'scp-read-access', 'scp-tenant-match', 'scp-client-side'].includes(c.meta.id));

export interface WriteAccount {
  bindDn?: string;
  password?: string;
  extraCa?: string;
}

const say = (line: string) => process.stderr.write(`${sanitizeInline(redactSecrets(line))}\n`);
const out = (text: string) => process.stdout.write(redactSecrets(text));

/** The write account of each forest: --bind-dn with its password source, else the forest's own account. Read before any I/O. */
export async function resolveWriteAccounts(settings: Settings, opts: FixCommandOptions, interactive: boolean): Promise<Map<string, WriteAccount>> {
  const accounts = new Map<string, WriteAccount>();
  for (const forest of settings.forests) {
    const as: ForestSettings = opts.bindDn ? { ...forest, bindDn: opts.bindDn, passwordEnv: opts.passwordEnv, passwordFile: opts.passwordFile } : forest;
    accounts.set(forest.name, { bindDn: as.bindDn, password: await resolvePassword(as, interactive), extraCa: await resolveExtraCa(forest) });
  }
  return accounts;
}

function target(forest: ForestSettings, account: WriteAccount, host: string, port?: number): WriteTarget {
  return { host, port: port ?? forest.port ?? defaultPort(forest.tls), tls: forest.tls, extraCa: account.extraCa, bindDn: account.bindDn, password: account.password, timeoutMs: forest.timeoutMs };
}

/** Reads one DC as the write account, the way the audit reads it. */
function readAs(forest: ForestSettings, t: WriteTarget): Promise<DcArtifact> {
  return gatherDc({ host: t.host, port: t.port, source: 'config' }, createDnsClient(forest.dnsServers, forest.timeoutMs), { tls: t.tls, extraCa: t.extraCa, bindDn: t.bindDn, password: t.password, timeoutMs: t.timeoutMs });
}

/** The DC a forest's fix is planned from and written to: --dc when it names one of the forest's, else the PDC emulator (DNS), else none (the first DC that answered). */
export async function chooseServer(forest: ForestSettings, gatheredHosts: string[], wanted: string[] | undefined): Promise<{ host?: string; how: string }> {
  const suffix = `.${forest.name.toLowerCase()}`;
  const named = wanted?.find((w) => gatheredHosts.includes(w.toLowerCase()) || w.toLowerCase().endsWith(suffix));
  if (named) return { host: named.toLowerCase(), how: 'named with --dc' };
  try {
    const [pdc] = await createDnsClient(forest.dnsServers, forest.timeoutMs).srv(`_ldap._tcp.pdc._msdcs.${forest.name}`);
    if (pdc) return { host: pdc.name.toLowerCase().replace(/\.$/, ''), how: 'the PDC emulator' };
  } catch {
    // no PDC record: fall back to the first DC that answered
  }
  return { how: 'the first DC that answered (no PDC emulator record in DNS)' };
}

interface Prepared {
  forest: ForestSettings;
  target?: WriteTarget;
  plan: ForestPlan;
}

/** The plan of one forest as the write DC shows it to the write account. */
async function prepare(forest: ForestSettings, audit: ForestArtifact | undefined, account: WriteAccount, artifacts: Artifacts, networkFindings: Finding[], opts: FixCommandOptions): Promise<Prepared> {
  const blocked = (reason: string): Prepared => ({ forest, plan: { forest: forest.name, server: null, configurationNc: null, status: 'blocked', blocked: [reason], notes: [], steps: [] } });
  const ev = audit ? forestEvidence(audit) : undefined;
  if (!audit || !ev?.complete.length) return blocked(`the audit could not gather this forest's findings (${ev?.whyNone ?? 'not gathered'}); nothing will be written to it`);
  const choice = await chooseServer(forest, ev.complete.map((d) => d.host.toLowerCase()), opts.dc);
  const host = (choice.host ?? ev.complete[0]?.host ?? '').toLowerCase();
  const gathered = audit.dcs.find((d) => d.host.toLowerCase() === host);
  const t = target(forest, account, host, gathered?.port);
  const dc = await readAs(forest, t);
  const seen = dcEvidence(dc);
  if (seen.unreadable) return blocked(`${host} (${choice.host ? choice.how : 'the first DC that answered'}) could not be read as ${account.bindDn ?? 'the anonymous bind'}: ${seen.unreadable}`);
  const view: ForestArtifact = { ...audit, dcs: [dc], ...(account.bindDn ? { bindDn: account.bindDn } : {}) };
  const findings = [...evaluate({ ...artifacts, forests: [view] }, SCP_CHECKS).findings, ...networkFindings];
  const plan = planForest(view, findings, artifacts.settings.tenant, dc.host);
  plan.notes.unshift(`Writes go to ${dc.host}, ${choice.host ? choice.how : 'the first DC that answered'}.`);
  return { forest, target: t, plan };
}

function defaultBackupDir(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return join(process.cwd(), `haadj-fix-backup-${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`);
}

/** Re-reads the write DC and runs the SCP checks again; true when they pass and nothing is left to do. */
async function verifyForest(p: Prepared, artifacts: Artifacts, account: WriteAccount): Promise<boolean> {
  const t = p.target as WriteTarget;
  const dc = await readAs(p.forest, t);
  const audit = artifacts.forests.find((f) => f.name === p.forest.name) as ForestArtifact;
  const view: ForestArtifact = { ...audit, dcs: [dc], ...(account.bindDn ? { bindDn: account.bindDn } : {}) };
  const report = evaluate({ ...artifacts, forests: [view] }, SCP_CHECKS);
  const bad = report.findings.filter((f) => f.status === 'fail' || f.status === 'error');
  const again = planForest(view, report.findings, artifacts.settings.tenant, dc.host);
  const ok = bad.length === 0 && again.steps.length === 0 && again.status !== 'blocked';
  if (ok) {
    say(`  verified on ${dc.host}: the SCP checks pass. Other DCs get it by replication: follow it with fix --verify.`);
  } else if (p.plan.replanAfter && again.status === 'steps') {
    say(`  ${dc.host} now shows the keywords the permissions hid: ${again.steps.length} more step(s) (${again.steps.map((s) => s.title).join('; ')}).`);
  } else {
    for (const f of bad) say(`  verify: ${f.check} ${f.status}: ${f.message}`);
    if (again.steps.length) say(`  verify: ${again.steps.length} step(s) still planned: ${again.steps.map((s) => s.title).join('; ')}`);
    say(`  verification on ${dc.host} failed.`);
  }
  return ok;
}

/** Backup, writes, verification of one forest. Returns 0, 1 (verification failed) or 2 (write error). */
async function applyForest(p: Prepared, artifacts: Artifacts, account: WriteAccount, backupDir: string): Promise<number> {
  const t = p.target as WriteTarget;
  say(`Forest ${p.forest.name}: writing to ${t.host} as ${account.bindDn ?? 'the anonymous bind'}`);
  let session: WriteSession;
  try {
    session = await WriteSession.open(t, createDnsClient(p.forest.dnsServers, p.forest.timeoutMs));
  } catch (err) {
    say(`  cannot open a write session to ${t.host}: ${ldapErrorLine(err)}. Nothing was changed.`);
    return 2;
  }
  try {
    const backup = await takeBackup(session, p.plan, t.port, new Date());
    const changed = changedSincePlan(p.plan, backup);
    if (changed) {
      say(`  ${changed} since the plan was made. Nothing was changed; run fix again.`);
      return 2;
    }
    const path = await writeBackupFile(backupDir, backup);
    say(`  backup: ${path}`);
    const outcome = await executeSteps(session, p.plan);
    for (const s of outcome.done) say(`  changed: ${s.title} (${s.dn})`);
    if (outcome.failed) {
      say(`  FAILED: ${outcome.failed.step.title} (${outcome.failed.step.dn}): ${outcome.failed.error}`);
      for (const s of outcome.notDone) say(`  not done: ${s.title}`);
      say(outcome.done.length ? `  ${outcome.done.length} change(s) were made before the failure; restore them with fix --undo ${path}` : '  Nothing was changed.');
      return 2;
    }
  } catch (err) {
    say(`  ${ldapErrorLine(err)}. Nothing more was written.`);
    return 2;
  } finally {
    await session.close();
  }
  return (await verifyForest(p, artifacts, account)) ? 0 : 1;
}

export async function runApply(settings: Settings, artifacts: Artifacts, findings: Finding[], accounts: Map<string, WriteAccount>, opts: FixCommandOptions): Promise<number> {
  const network = findings.filter((f) => f.check === 'tenant-resolution');
  const prepared: Prepared[] = [];
  for (const forest of settings.forests) {
    prepared.push(await prepare(forest, artifacts.forests.find((f) => f.name === forest.name), accounts.get(forest.name) ?? {}, artifacts, network, opts));
  }
  out(renderPlanText({ schemaVersion: 1, tenant: artifacts.settings.tenant ?? null, forests: prepared.map((p) => p.plan) }));
  const todo = prepared.filter((p) => p.plan.status === 'steps' && p.plan.steps.some((s) => s.object !== 'registry'));
  const blocked = prepared.some((p) => p.plan.status === 'blocked');
  if (todo.length === 0) return blocked ? 2 : 0;
  const count = todo.reduce((n, p) => n + p.plan.steps.filter((s) => s.object !== 'registry').length, 0);
  if (!opts.yes && !(await confirmOnTerminal(`Apply ${count} change(s) to ${todo.map((p) => `${p.forest.name} (${p.target?.host})`).join(', ')}? [y/N] `))) {
    say('Nothing was changed.');
    return 1;
  }
  const backupDir = opts.backupDir ?? defaultBackupDir(new Date());
  let code = blocked ? 2 : 0;
  for (const p of todo) {
    const r = await applyWithFollowUp(p, artifacts, accounts.get(p.forest.name) ?? {}, backupDir, network, opts);
    if (r === 2) return 2; // stop at the first failed write
    code = Math.max(code, r);
  }
  return code;
}

/**
 * One forest, in at most two rounds: when the first round removed a deny that hid the keywords, the
 * DC is planned again (the keywords can be read now), shown, confirmed and applied with its own backup.
 */
async function applyWithFollowUp(first: Prepared, artifacts: Artifacts, account: WriteAccount, backupDir: string, network: Finding[], opts: FixCommandOptions): Promise<number> {
  const r = await applyForest(first, artifacts, account, backupDir);
  if (r !== 1 || !first.plan.replanAfter || !first.target) return r;
  const audit = artifacts.forests.find((f) => f.name === first.forest.name);
  const next = await prepare(first.forest, audit, account, artifacts, network, { ...opts, dc: [first.target.host] });
  out(renderPlanText({ schemaVersion: 1, tenant: artifacts.settings.tenant ?? null, forests: [next.plan] }));
  if (next.plan.status === 'blocked') return 2;
  if (next.plan.status !== 'steps') return 0;
  if (!opts.yes && !(await confirmOnTerminal(`Apply ${next.plan.steps.length} more change(s) to ${first.forest.name} (${first.target.host})? [y/N] `))) {
    say('Nothing more was changed.');
    return 1;
  }
  return applyForest(next, artifacts, account, backupDir);
}

async function readAll(session: WriteSession, dns: string[]): Promise<BackupObject[]> {
  const objects: BackupObject[] = [];
  for (const dn of dns) objects.push(await session.readForBackup(dn));
  return objects;
}

/** Reads and checks a backup file: ours, and only about the container and the SCP of one configuration partition. */
async function loadBackup(path: string): Promise<{ backup: Backup; nc: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read backup ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const backup = parseBackup(text);
    return { backup, nc: backupConfigurationNc(backup) };
  } catch (err) {
    throw new UserError(`backup ${path}: ${(err as Error).message}`);
  }
}

export async function runUndo(settings: Settings, accounts: Map<string, WriteAccount>, opts: FixCommandOptions & { undo: string }): Promise<number> {
  const { backup, nc: backupNc } = await loadBackup(opts.undo);
  const forest = settings.forests.find((f) => f.name.toLowerCase() === backup.forest.toLowerCase());
  if (!forest) throw new UserError(`backup ${opts.undo} is of forest ${backup.forest}, which the config does not name`);
  const account = accounts.get(forest.name) ?? {};
  say(`Restoring ${backup.objects.length} object(s) of ${backup.forest} on ${backup.server} from the backup of ${backup.takenAt}`);
  for (const o of backup.objects) say(`  ${o.existed ? 'restore' : 'delete (created by the fix)'}: ${o.dn}`);
  if (!opts.yes && !(await confirmOnTerminal('Restore? [y/N] '))) {
    say('Nothing was changed.');
    return 1;
  }
  let session: WriteSession;
  try {
    session = await WriteSession.open(target(forest, account, backup.server, backup.port), createDnsClient(forest.dnsServers, forest.timeoutMs));
  } catch (err) {
    say(`cannot open a write session to ${backup.server}: ${ldapErrorLine(err)}. Nothing was changed.`);
    return 2;
  }
  try {
    const nc = await session.configurationNc();
    if (nc?.toLowerCase() !== backupNc.toLowerCase()) {
      say(`${backup.server} holds configuration partition ${nc ?? '(none)'}, the backup ${backupNc}. Nothing was changed.`);
      return 2;
    }
    const dns = backup.objects.map((o) => o.dn);
    const outcome = await undoBackup(session, backup, await readAll(session, dns));
    for (const d of outcome.done) say(`  done: ${d}`);
    if (outcome.failed) {
      say(`  FAILED: ${outcome.failed.what}: ${outcome.failed.error}`);
      return 2;
    }
    const diffs = differencesFromBackup(backup, await readAll(session, dns));
    for (const d of diffs) say(`  after the restore ${d}`);
    say(diffs.length ? 'The restore did not bring back every value.' : `Restored: ${backup.server} holds the backed-up keywords and security descriptors again.`);
    return diffs.length ? 1 : 0;
  } catch (err) {
    say(`  ${ldapErrorLine(err)}`);
    return 2;
  } finally {
    await session.close();
  }
}

/** Replication follow-up: per DC of every forest, does it hold the fixed SCP yet (its own plan is empty)? */
export async function runVerify(artifacts: Artifacts, opts: FixCommandOptions): Promise<number> {
  const rows: Array<{ forest: string; server: string; state: 'has-the-fix' | 'not-yet' | 'unreadable'; detail: string }> = [];
  for (const forest of artifacts.forests) {
    for (const dc of forest.dcs) {
      const plan = planForest({ ...forest, dcs: [dc] }, [], artifacts.settings.tenant);
      if (plan.status === 'blocked') rows.push({ forest: forest.name, server: dc.host, state: 'unreadable', detail: plan.blocked.join('; ') });
      else if (plan.steps.length) rows.push({ forest: forest.name, server: dc.host, state: 'not-yet', detail: plan.steps.map((s) => s.title).join('; ') });
      else rows.push({ forest: forest.name, server: dc.host, state: 'has-the-fix', detail: 'the SCP is right' });
    }
  }
  const all = rows.length > 0 && rows.every((r) => r.state === 'has-the-fix');
  if ((opts.format ?? 'text') === 'json') out(`${JSON.stringify({ schemaVersion: 1, complete: all, dcs: rows }, null, 2)}\n`);
  else {
    const text = rows.map((r) => `${r.state === 'has-the-fix' ? 'OK     ' : r.state === 'not-yet' ? 'NOT YET' : 'ERROR  '} ${sanitizeInline(r.forest)} ${sanitizeInline(r.server)}: ${sanitizeInline(r.detail)}`);
    text.push(all ? 'Every DC holds the fixed SCP.' : 'Not every DC holds the fixed SCP yet; devices that reach those DCs still see the old state.');
    out(`${text.join('\n')}\n`);
  }
  return all ? 0 : 1;
}
