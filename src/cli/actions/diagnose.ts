import { CHECKS } from '../../checks/index.js';
import { lookupCode } from '../../codes/lookup.js';
import { loadConfigFile } from '../../config/load.js';
import { checksToVerify, diagnose, explainCodes } from '../../engine/diagnosis.js';
import { parseDsregcmdBytes } from '../../derived/dsregcmd/parse.js';
import { evaluate, neededParts } from '../../engine/run.js';
import { verifiedByLookup } from '../../engine/verified-by.js';
import { gatherArtifacts } from '../../gather/index.js';
import { renderDiagnosisText } from '../../report/diagnosis-text.js';
import { UserError } from '../../util/errors.js';
import { escapeJsonUnsafe } from '../../util/sanitize.js';
import { shouldColor, writeOutput } from '../output.js';
import { decodeOptionsFrom, readDsregcmdInput } from './dsregcmd-input.js';
import { declareDeviceRegistry, readDeviceReg } from './diagnose-reg.js';
import { judgeDeviceClientSideScp } from '../../derived/client-side-scp.js';
import type { Settings } from '../../config/settings.js';
import { diagnoseCloudHalf } from './diagnose-cloud.js';
import type { DiagnoseCommandOptions } from '../commands/options.js';

export async function runDiagnose(opts: DiagnoseCommandOptions): Promise<number> {
  const verifiedBy = verifiedByLookup(CHECKS);
  const decode = decodeOptionsFrom(opts);
  const status = parseDsregcmdBytes(await readDsregcmdInput(opts.dsregcmd), decode);
  if (status.layout === 'unknown') throw new UserError(`${opts.dsregcmd} does not look like dsregcmd /status output (no fields found)`);

  const reg = await readDeviceReg(opts.reg);
  let verification: Parameters<typeof diagnose>[2] = null;
  let settings: Settings | undefined;
  let cloud: Awaited<ReturnType<typeof diagnoseCloudHalf>>;
  if (opts.config !== undefined) {
    settings = await loadConfigFile(opts.config);
    if (opts.forest !== undefined) {
      const wanted = opts.forest.toLowerCase();
      settings.forests = settings.forests.filter((f) => f.name === wanted);
      if (settings.forests.length === 0) throw new UserError(`forest "${opts.forest}" is not in ${opts.config}`);
    }
    if (reg) declareDeviceRegistry(settings, reg);
    cloud = await diagnoseCloudHalf(settings, status, Boolean(process.stdin.isTTY && process.stderr.isTTY));
    const ids = checksToVerify(explainCodes(status.codes, lookupCode, verifiedBy), CHECKS.map((c) => c.meta.id));
    if (ids.length > 0) {
      const chosen = CHECKS.filter((c) => ids.includes(c.meta.id));
      const parts = { ...neededParts(chosen, {}), cloud: false };
      const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
      const artifacts = await gatherArtifacts(settings, { interactive, parts });
      verification = { checks: ids, report: evaluate(artifacts, chosen) };
    } else {
      verification = { checks: [], report: null };
    }
  }
  const result = diagnose(status, lookupCode, verification, verifiedBy);
  if (reg) result.clientSideScp = judgeDeviceClientSideScp(reg.file, reg.text, settings?.tenant, status.tenant);
  if (cloud) result.cloud = cloud;
  const text = opts.format === 'json'
    ? `${escapeJsonUnsafe(JSON.stringify(result, null, 2))}\n`
    : renderDiagnosisText(result, shouldColor(opts));
  await writeOutput(text, opts.output);
  return result.conclusion.verdict === 'confirmed' || result.cloud?.problem === true ? 1 : 0;
}
