/**
 * The plan as a PowerShell script for the ActiveDirectory module (pure). Every step first reads the
 * current state: it does nothing when the change is already there, and stops when the object no
 * longer holds what the plan saw. Every value from AD or the config is a single-quoted literal
 * (quotes doubled, including the typographic quotes PowerShell also accepts), and comments carry no
 * raw newline, so no value can run as code.
 */
import { sanitizeInline } from '../util/sanitize.js';
import { SCP_CN } from '../derived/scp-location.js';
import type { ForestPlan, PlanStep, RemediationPlan } from './plan.js';

/** A PowerShell single-quoted string literal. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

const psArray = (values: readonly string[]) => (values.length ? `@(${values.map(psQuote).join(', ')})` : '@()');
const comment = (text: string) => `# ${sanitizeInline(text).replace(/[\u2028\u2029\u0085]/g, ' ')}`;
/** SIDs in the plan come from parsed descriptors; anything else is refused rather than quoted. */
const sidLiteral = (sid: string) => {
  if (!/^S-1-\d+(-\d+)*$/.test(sid)) throw new Error(`not a SID: ${sid}`);
  return psQuote(sid);
};

const HELPERS = [
  '#Requires -Modules ActiveDirectory',
  "$ErrorActionPreference = 'Stop'",
  '',
  'function Test-HaadjObject([string]$Server, [string]$Dn) {',
  '  try { $null = Get-ADObject -Server $Server -Identity $Dn; return $true }',
  '  catch [Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException] { return $false }',
  '}',
  'function Test-HaadjSameSet([string[]]$A, [string[]]$B) {',
  '  return ((@($A | Sort-Object) -join "`n") -ceq (@($B | Sort-Object) -join "`n"))',
  '}',
  '',
];

function parentOf(dn: string): { parent: string } {
  const comma = dn.indexOf(',');
  return { parent: dn.slice(comma + 1) };
}

function createStep(step: PlanStep): string[] {
  const { parent } = parentOf(step.dn);
  const type = step.kind === 'create-container' ? 'container' : 'serviceConnectionPoint';
  const name = step.kind === 'create-container' ? 'Device Registration Configuration' : SCP_CN;
  const other = step.kind === 'create-scp' ? ` -OtherAttributes @{ keywords = ${psArray(step.keywords?.new ?? [])} }` : '';
  return [
    `$Dn = ${psQuote(step.dn)}`,
    "if (Test-HaadjObject $Server $Dn) { Write-Host \"exists already: $Dn\" }",
    `else { New-ADObject -Server $Server -Type ${type} -Name ${psQuote(name)} -Path ${psQuote(parent)}${other}; Write-Host "created: $Dn" }`,
  ];
}

function keywordsStep(step: PlanStep): string[] {
  const next = step.keywords?.new ?? [];
  const write = next.length ? '-Replace @{ keywords = $New }' : '-Clear keywords';
  return [
    `$Dn = ${psQuote(step.dn)}`,
    `$Old = ${psArray(step.keywords?.old ?? [])}`,
    `$New = ${psArray(next)}`,
    '$Now = @((Get-ADObject -Server $Server -Identity $Dn -Properties keywords).keywords)',
    "if (Test-HaadjSameSet $Now $New) { Write-Host \"keywords already right: $Dn\" }",
    "elseif (-not (Test-HaadjSameSet $Now $Old)) { throw \"the keywords of $Dn changed since the plan was made; run haadj-preflight fix again\" }",
    `else { Set-ADObject -Server $Server -Identity $Dn ${write}; Write-Host "keywords replaced: $Dn" }`,
  ];
}

function daclStep(step: PlanStep, drive: string): string[] {
  const d = step.dacl;
  if (!d) return [];
  const lines = [
    `$Dn = ${psQuote(step.dn)}`,
    `$Acl = Get-Acl -Path ('${drive}:\\' + $Dn)`,
    '$Changed = $false',
  ];
  for (const r of d.removedAces) {
    lines.push(
      `foreach ($Rule in @($Acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]))) {`,
      `  if ($Rule.AccessControlType -eq 'Deny' -and $Rule.IdentityReference.Value -eq ${sidLiteral(r.sid)} -and ([int64]$Rule.ActiveDirectoryRights -band 0xffffffff) -eq ${r.mask >>> 0} -and $Rule.ObjectType -eq [guid]::Empty) { [void]$Acl.RemoveAccessRuleSpecific($Rule); $Changed = $true }`,
      '}',
    );
  }
  for (const a of d.addedAces) {
    lines.push(
      `$Sid = [System.Security.Principal.SecurityIdentifier]${sidLiteral(a.sid)}`,
      "$Has = @($Acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]) | Where-Object { $_.AccessControlType -eq 'Allow' -and $_.IdentityReference.Value -eq $Sid.Value -and $_.ObjectType -eq [guid]::Empty -and ($_.ActiveDirectoryRights -band [System.DirectoryServices.ActiveDirectoryRights]::ReadProperty) })",
      "if ($Has.Count -eq 0) { $Acl.AddAccessRule((New-Object System.DirectoryServices.ActiveDirectoryAccessRule($Sid, [System.DirectoryServices.ActiveDirectoryRights]::GenericRead, [System.Security.AccessControl.AccessControlType]::Allow))); $Changed = $true }",
    );
  }
  lines.push(`if ($Changed) { Set-Acl -Path ('${drive}:\\' + $Dn) -AclObject $Acl; Write-Host "permissions changed: $Dn" } else { Write-Host "permissions already right: $Dn" }`);
  return lines;
}

function forestScript(f: ForestPlan, index: number): string[] {
  const steps = f.steps.filter((x) => x.object !== 'registry');
  const out = [comment(`--- Forest ${f.forest}: ${f.status === 'blocked' ? `not planned: ${f.blocked.join('; ')}` : steps.length ? `${steps.length} change(s), planned from ${f.server ?? '?'}` : 'nothing to do'}`)];
  if (steps.length === 0 || !f.server) return [...out, ''];
  const drive = `HaadjAD${index + 1}`;
  out.push(`$Server = ${psQuote(f.server)}`);
  if (steps.some((x) => x.kind === 'set-dacl')) {
    out.push(`if (-not (Get-PSDrive -Name ${drive} -ErrorAction SilentlyContinue)) { $null = New-PSDrive -Name ${drive} -PSProvider ActiveDirectory -Server $Server -Root '//RootDSE/' -Scope Script }`);
  }
  steps.forEach((step, i) => {
    out.push('', comment(`Step ${i + 1}: ${step.title} (fixes ${step.fixes.map((x) => x.check).join(', ')})`), comment(`now: ${step.current}`), comment(`new: ${step.next}`));
    if (step.kind === 'create-container' || step.kind === 'create-scp') out.push(...createStep(step));
    if (step.kind === 'replace-keywords') out.push(...keywordsStep(step));
    if (step.kind === 'set-dacl') out.push(...daclStep(step, drive));
  });
  return [...out, ''];
}

export function renderPowerShell(plan: RemediationPlan): string {
  const out = [comment('haadj-preflight fix plan. Review it, then run it as an account with the rights (see docs/remediation.md).'), ...HELPERS];
  plan.forests.forEach((f, i) => out.push(...forestScript(f, i)));
  return `${out.join('\r\n')}\r\n`;
}
