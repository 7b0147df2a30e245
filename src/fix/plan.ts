/**
 * The remediation plan (pure): from the gathered evidence and the findings of the checks, the steps
 * that make each forest's SCP right. Each step carries the current value, the new value and the
 * finding it fixes. The plan only ever touches the Device Registration Configuration container and
 * the SCP object; a forest whose evidence is incomplete gets no steps, only the reason.
 */
import type { Artifacts, ForestArtifact, TenantSettings } from '../artifacts/types.js';
import type { Finding } from '../engine/report.js';
import { hiddenChildEvidence } from '../checks/visibility.js';
import { bindAccount, declaredClientSideScp } from '../derived/forest-view.js';
import { parseScpKeywords } from '../derived/scp-keywords.js';
import { scpContainerDn, scpDn } from '../derived/scp-location.js';
import { RIGHTS } from '../derived/security-descriptor.js';
import { isDomainName, isGuid } from '../util/names.js';
import { describeRawAce, planDaclFix, type RawAce } from './dacl.js';
import { forestEvidence, type CompleteDcEvidence } from './evidence.js';

export type StepKind = 'create-container' | 'create-scp' | 'replace-keywords' | 'set-dacl' | 'client-side-registry';

/** An ACE by what identifies it: type (0 allow, 1 deny, 5/6 object), trustee SID and access mask. */
export interface AceRef {
  type: number;
  sid: string;
  mask: number;
}

export interface PlanStep {
  kind: StepKind;
  /** The object the step changes (the registry key for client-side-registry). */
  dn: string;
  object: 'container' | 'scp' | 'registry';
  title: string;
  /** Current and new value, for humans. */
  current: string;
  next: string;
  /** The finding(s) the step fixes: check ids and the finding's message where the checks reported one. */
  fixes: Array<{ check: string; status?: string; message?: string }>;
  keywords?: { old: string[] | null; new: string[] };
  /** set-dacl: the descriptor as read (base64), the DACL-only descriptor to write, and what changes. */
  dacl?: { old: string; write: string; removed: string[]; added: string[]; removedAces: AceRef[]; addedAces: AceRef[] };
  registry?: { tenantId: string; tenantName: string };
}

export interface ForestPlan {
  forest: string;
  /** The DC whose view the plan was built from. */
  server: string | null;
  configurationNc: string | null;
  /** blocked: the evidence is incomplete or a value is missing; nothing may be written. */
  status: 'nothing-to-do' | 'steps' | 'blocked';
  blocked: string[];
  notes: string[];
  steps: PlanStep[];
  /** The SCP's keywords were hidden by the permissions this plan fixes: plan again once it is applied. */
  replanAfter?: boolean;
  /** Forests declared as using the client-side SCP: the registry values to deploy. */
  clientSide?: { tenantId: string; tenantName: string };
}

export interface RemediationPlan {
  schemaVersion: 1;
  tenant: TenantSettings | null;
  forests: ForestPlan[];
}

export interface PlanOptions {
  /** Build each forest's plan from this DC (host name) rather than the first that answered. */
  server?: (forest: string) => string | undefined;
}

const ID = 'azureADId:';
const NAME = 'azureADName:';

/** The findings a step fixes: the problem findings of these checks for the forest, or the first check id when none reported one. */
function fixesFor(findings: readonly Finding[], forest: string, checks: string[]): PlanStep['fixes'] {
  const found = checks.flatMap((check) => {
    const f = findings.find((x) => x.check === check && (x.forest === forest || x.forest === null) && (x.status === 'fail' || x.status === 'warn' || x.status === 'error'));
    return f ? [{ check, status: f.status, message: f.message }] : [];
  });
  return found.length ? found : [{ check: checks[0] as string }];
}

/** The tenant the keywords must name: the configuration's, else what a valid SCP already says. */
function wantedTenant(tenant: TenantSettings | undefined, current: string[] | null): { id?: string; name?: string } {
  const parsed = current ? parseScpKeywords(current) : undefined;
  const id = tenant?.id && isGuid(tenant.id) ? tenant.id.toLowerCase() : parsed?.tenantId;
  const name = tenant?.name && isDomainName(tenant.name) ? tenant.name.toLowerCase() : parsed?.tenantName;
  return { id, name };
}

/** What the network half says about the tenant name: a failing tenant-resolution finding blocks writing it. */
function nameVerdict(findings: readonly Finding[], name: string): { block?: string; note: string } {
  const about = findings.filter((f) => f.check === 'tenant-resolution' && String(f.evidence['tenantName'] ?? '').toLowerCase() === name);
  const failed = about.find((f) => f.status === 'fail');
  if (failed) return { block: `${name} cannot go into the keywords: ${failed.message}`, note: '' };
  if (about.some((f) => f.status === 'pass')) return { note: `${name} is a domain of the tenant (tenant-resolution passed).` };
  return { note: `Whether ${name} is a verified domain of the tenant was not checked (add a network section to the config to have it checked).` };
}

const aceRef = (a: RawAce): AceRef => ({ type: a.type, sid: a.sid, mask: a.mask });

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

interface Ctx {
  forest: ForestArtifact;
  dc: CompleteDcEvidence;
  findings: readonly Finding[];
  tenant: TenantSettings | undefined;
  plan: ForestPlan;
}

function desiredKeywords(ctx: Ctx, current: string[] | null): string[] | undefined {
  const want = wantedTenant(ctx.tenant, current);
  if (!want.id || !want.name) {
    ctx.plan.blocked.push(`The keywords need a tenant id and a verified domain name: set tenant.id and tenant.name in the config (${!want.id ? 'no tenant id' : 'no tenant name'} is known).`);
    return undefined;
  }
  const v = nameVerdict(ctx.findings, want.name);
  if (v.block) {
    ctx.plan.blocked.push(v.block);
    return undefined;
  }
  ctx.plan.notes.push(v.note);
  return [`${ID}${want.id}`, `${NAME}${want.name}`];
}

function createSteps(ctx: Ctx): void {
  const { dc, plan } = ctx;
  const containerDn = scpContainerDn(dc.configurationNc);
  const hidden = hiddenChildEvidence(dc.container.exists ? dc.container : dc.services, dc.domains, bindAccount(ctx.forest));
  if (hidden) {
    plan.blocked.push(`${dc.container.exists ? 'The SCP' : 'The container'} was not found, but may exist hidden: ${hidden.reason}. Run fix with an account that can see it.`);
    return;
  }
  const keywords = desiredKeywords(ctx, null);
  if (!keywords) return;
  if (!dc.container.exists) {
    plan.steps.push({
      kind: 'create-container', dn: containerDn, object: 'container', title: 'Create the Device Registration Configuration container',
      current: 'does not exist', next: 'objectClass container', fixes: fixesFor(ctx.findings, ctx.forest.name, ['scp-container']),
    });
  }
  plan.steps.push({
    kind: 'create-scp', dn: scpDn(dc.configurationNc), object: 'scp', title: 'Create the SCP',
    current: 'does not exist', next: `objectClass serviceConnectionPoint, keywords ${keywords.join(', ')}`,
    fixes: fixesFor(ctx.findings, ctx.forest.name, ['scp-present']), keywords: { old: null, new: keywords },
  });
}

function keywordStep(ctx: Ctx, current: string[], next: string[], checks: string[]): void {
  if (sameSet(current, next)) return;
  ctx.plan.steps.push({
    kind: 'replace-keywords', dn: scpDn(ctx.dc.configurationNc), object: 'scp',
    title: next.length ? 'Replace the SCP keywords' : 'Remove the SCP keywords (targeted rollout)',
    current: current.length ? current.join(', ') : '(none)', next: next.length ? next.join(', ') : '(none)',
    fixes: fixesFor(ctx.findings, ctx.forest.name, checks), keywords: { old: current, new: next },
  });
}

function daclStep(ctx: Ctx, object: 'scp' | 'container', sd: string, bits: number, checks: string[]): void {
  let fix;
  try {
    fix = planDaclFix(Buffer.from(sd, 'base64'), ctx.dc.domains, bits);
  } catch (err) {
    ctx.plan.blocked.push(`The ${object === 'scp' ? 'SCP' : 'container'}'s security descriptor could not be parsed: ${(err as Error).message}.`);
    return;
  }
  if (!fix) return;
  const what = bits === RIGHTS.LIST_CHILDREN ? 'list' : 'read';
  const removed = fix.removed.map(describeRawAce);
  const added = fix.added.map(describeRawAce);
  ctx.plan.steps.push({
    kind: 'set-dacl', dn: object === 'scp' ? scpDn(ctx.dc.configurationNc) : scpContainerDn(ctx.dc.configurationNc), object,
    title: `Let computers ${what} the ${object === 'scp' ? 'SCP' : 'container'}`,
    current: `${fix.before.verdict === 'denied' ? 'denied' : 'not granted'} (${fix.before.decidingAce ?? 'no entry grants it'})`,
    next: [...removed.map((r) => `remove ${r}`), ...added.map((a) => `add ${a}`)].join('; '),
    fixes: fixesFor(ctx.findings, ctx.forest.name, checks),
    dacl: { old: sd, write: fix.write.toString('base64'), removed, added, removedAces: fix.removed.map(aceRef), addedAces: fix.added.map(aceRef) },
  });
}

function existingScpSteps(ctx: Ctx, clientSide: boolean): void {
  const scp = ctx.dc.scp;
  if (!scp) return;
  if (!scp.securityDescriptor) {
    ctx.plan.blocked.push(`The SCP's permissions could not be read (${scp.securityDescriptorError ?? 'not returned'}), so read access cannot be judged; run fix with an account that may read them.`);
    return;
  }
  const before = ctx.plan.steps.length;
  daclStep(ctx, 'scp', scp.securityDescriptor, RIGHTS.READ_PROPERTY, ['scp-read-access']);
  const readFixed = ctx.plan.steps.length > before;
  if (readFixed && scp.keywords.length === 0) {
    ctx.plan.notes.push('The deny entry may also hide the keywords from the account that read them: they are checked once this step is applied (--apply does it in a second round; after the LDIF or script, run fix again).');
    ctx.plan.replanAfter = true;
    return;
  }
  if (clientSide) {
    keywordStep(ctx, scp.keywords, [], ['scp-keywords']);
    return;
  }
  const next = desiredKeywords(ctx, scp.keywords);
  if (next) keywordStep(ctx, scp.keywords, next, ['scp-keywords', 'scp-tenant-match', 'scp-tenant-consistent']);
}

function clientSideSteps(ctx: Ctx): void {
  const want = wantedTenant(ctx.tenant, null);
  if (!want.id || !want.name) {
    ctx.plan.blocked.push('The client-side SCP values need tenant.id and tenant.name in the config.');
    return;
  }
  ctx.plan.clientSide = { tenantId: want.id, tenantName: want.name };
  const declared = declaredClientSideScp(ctx.forest);
  const ok = declared && declared.problems.length === 0 && declared.tenantId === want.id && declared.tenantName?.toLowerCase() === want.name;
  if (ok) return;
  ctx.plan.steps.push({
    kind: 'client-side-registry', dn: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD', object: 'registry',
    title: 'Deploy the client-side SCP registry values (Group Policy Preferences)',
    current: declared ? `TenantId ${declared.tenantId ?? '(unusable)'}, TenantName ${declared.tenantName ?? '(unusable)'}` : '(not read)',
    next: `TenantId ${want.id}, TenantName ${want.name} (REG_SZ)`,
    fixes: fixesFor(ctx.findings, ctx.forest.name, ['scp-client-side']), registry: { tenantId: want.id, tenantName: want.name },
  });
}

export function planForest(forest: ForestArtifact, findings: readonly Finding[], tenant: TenantSettings | undefined, server?: string): ForestPlan {
  const ev = forestEvidence(forest);
  const dc = server ? ev.complete.find((d) => d.host.toLowerCase() === server.toLowerCase()) : ev.complete[0];
  const plan: ForestPlan = { forest: forest.name, server: dc?.host ?? server ?? null, configurationNc: dc?.configurationNc ?? null, status: 'blocked', blocked: [], notes: [], steps: [] };
  if (!dc) {
    const named = server ? ev.dcs.find((d) => d.host.toLowerCase() === server.toLowerCase()) : undefined;
    plan.blocked.push(server ? `${server} could not be read${named ? `: ${named.unreadable ?? 'incomplete'}` : ' (it is not a DC of this forest that was gathered)'}` : (ev.whyNone ?? 'no DC answered'));
    return plan;
  }
  const clientSide = forest.clientSideScp !== undefined;
  const ctx: Ctx = { forest, dc, findings, tenant, plan };
  if (clientSide) clientSideSteps(ctx);
  if (dc.scp) existingScpSteps(ctx, clientSide);
  else if (!clientSide) createSteps(ctx);
  if (dc.container.exists && dc.container.securityDescriptor && (dc.scp || !clientSide)) {
    const list = planDaclFixSafe(ctx);
    if (list) daclStep(ctx, 'container', dc.container.securityDescriptor, RIGHTS.LIST_CHILDREN, ['scp-read-access']);
  }
  if (plan.blocked.length > 0) plan.steps = [];
  plan.status = plan.blocked.length > 0 ? 'blocked' : plan.steps.length > 0 ? 'steps' : 'nothing-to-do';
  return plan;
}

/** Container: only an explicit or inherited deny of List Contents is acted on (a missing grant is left alone). */
function planDaclFixSafe(ctx: Ctx): boolean {
  try {
    const fix = planDaclFix(Buffer.from(ctx.dc.container.securityDescriptor as string, 'base64'), ctx.dc.domains, RIGHTS.LIST_CHILDREN);
    return fix !== undefined && fix.before.verdict === 'denied';
  } catch {
    return false;
  }
}

/** The plan for every forest (in the artifacts' order). */
export function buildPlan(artifacts: Artifacts, findings: readonly Finding[], opts: PlanOptions = {}): RemediationPlan {
  return {
    schemaVersion: 1,
    tenant: artifacts.settings.tenant ?? null,
    forests: artifacts.forests.map((f) => planForest(f, findings, artifacts.settings.tenant, opts.server?.(f.name))),
  };
}
