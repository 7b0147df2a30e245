import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Artifacts } from '../../artifacts/types.js';
import { failureOf } from '../../artifacts/outcome.js';
import { CHECKS } from '../../checks/index.js';
import { loadConfigFile } from '../../config/load.js';
import type { Settings } from '../../config/settings.js';
import type { CloudArtifact } from '../../artifacts/cloud.js';
import { CloudMatcher, inventoryGap } from '../../derived/computers/cloud-match.js';
import type { ComputerVerdict } from '../../derived/computers/judge.js';
import { InventoryJudge, domainName, judgeArtifacts, type InventoryJudgeOptions } from '../../derived/computers/inventory.js';
import { environmentHints } from '../../engine/inventory.js';
import { evaluate } from '../../engine/run.js';
import { assertCloudSignedIn } from '../../gather/cloud/index.js';
import { gatherArtifacts } from '../../gather/index.js';
import { csvHeader, csvRow, jsonRow } from '../../report/computers/rows.js';
import { renderInventoryHtml, renderInventoryMarkdown, renderInventoryText, type InventoryError, type InventoryView } from '../../report/computers/summary.js';
import { TOOL_NAME, VERSION } from '../../version.js';
import { UserError } from '../../util/errors.js';
import { escapeJsonUnsafe } from '../../util/sanitize.js';
import { redactSecrets } from '../../util/secrets.js';
import { startProgress, type Progress } from '../progress.js';
import { loadBundleFile } from './bundle.js';
import type { ComputersCommandOptions } from '../commands/computers.js';

/** stdout or a file, with backpressure: `drain` waits until the buffered output is written. */
interface Sink {
  write(text: string): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

function openSink(file: string | undefined): Sink {
  const stream: Writable = file ? createWriteStream(file, { mode: 0o644 }) : process.stdout;
  let failure: Error | undefined;
  stream.on('error', (err: NodeJS.ErrnoException) => { failure ??= err; });
  let full = false;
  const check = () => {
    if (failure) throw new UserError(`cannot write ${file ?? 'stdout'}: ${(failure as NodeJS.ErrnoException).code ?? failure.message}`);
  };
  return {
    write: (text) => { check(); if (!stream.write(redactSecrets(text))) full = true; },
    drain: async () => {
      check();
      if (!full) return;
      await new Promise<void>((resolve) => {
        const done = () => { stream.off('drain', done); stream.off('error', done); resolve(); };
        stream.once('drain', done);
        stream.once('error', done);
      });
      full = false;
      check();
    },
    close: async () => {
      if (file) await new Promise<void>((resolve) => stream.end(resolve));
      check();
    },
  };
}

/** Rows as they are judged (json, csv); the summary formats write everything at the end. */
function rowWriter(format: string, sink: Sink, collectedAt: () => string) {
  let n = 0;
  return {
    start(): void {
      if (format === 'csv') sink.write(csvHeader());
      if (format === 'json') sink.write(`{"schemaVersion":1,"tool":${JSON.stringify({ name: TOOL_NAME, version: VERSION })},"collectedAt":${JSON.stringify(collectedAt())},"computers":[\n`);
    },
    row(v: ComputerVerdict): void {
      if (format === 'csv') sink.write(csvRow(v));
      else if (format === 'json') sink.write(`${n++ ? ',\n' : ''}${jsonRow(v)}`);
    },
    end(view: InventoryView): void {
      if (format === 'json') sink.write(`\n],"summary":${escapeJsonUnsafe(JSON.stringify({ ...view.summary, cloud: view.cloud ?? null }))},"errors":${escapeJsonUnsafe(JSON.stringify(view.errors))}}\n`);
      else if (format === 'text') sink.write(renderInventoryText(view));
      else if (format === 'markdown') sink.write(renderInventoryMarkdown(view));
      else if (format === 'html') sink.write(renderInventoryHtml(view));
    },
  };
}

/** Read failures of the inventory: a forest with no DC, a domain that could not be read (completely or part way). */
export function inventoryErrors(artifacts: Pick<Artifacts, 'forests'>): InventoryError[] {
  const errors: InventoryError[] = [];
  for (const f of artifacts.forests) {
    if (!f.inventory) continue;
    if (f.inventory.error) errors.push({ forest: f.name, domain: null, ...f.inventory.error });
    for (const d of f.inventory.domains) if (d.error) errors.push({ forest: f.name, domain: domainName(d), ...d.error });
  }
  return errors;
}

/** A forest whose every DC refused the bind credentials: one clear line, exit 2 (the password is never printed). */
function rejectBadCredentials(artifacts: Artifacts, settings: Settings): void {
  for (const f of artifacts.forests) {
    if (f.dcs.length > 0 && f.dcs.every((dc) => failureOf(dc.outcome)?.code === 'invalidCredentials')) {
      const forest = settings.forests.find((s) => s.name === f.name);
      throw new UserError(`forest ${f.name}: the domain controllers rejected the credentials of ${forest?.bindDn ?? 'the bind account'} (invalidCredentials)`);
    }
  }
}

/** The cloud half for the judge: a wrong secret stops here (one line, exit 2); a list not read is said per computer. */
function cloudFor(cloud: CloudArtifact | undefined): { matcher?: CloudMatcher; options: Pick<InventoryJudgeOptions, 'cloud' | 'cloudFailure'> } {
  if (!cloud) return { options: {} };
  assertCloudSignedIn(cloud);
  const matcher = new CloudMatcher(cloud);
  const lookup = matcher.lookup();
  const failure = matcher.failure;
  return { matcher, options: { ...(lookup ? { cloud: lookup } : {}), ...(failure ? { cloudFailure: failure } : {}) } };
}

function viewOf(judge: InventoryJudge, artifacts: Pick<Artifacts, 'forests'>, matcher: CloudMatcher | undefined): InventoryView {
  const view: InventoryView = { summary: judge.summary(), attention: judge.attention, attentionOmitted: judge.attentionOmitted, errors: inventoryErrors(artifacts) };
  if (matcher) view.cloud = matcher.summary(inventoryGap(artifacts));
  return view;
}

/** 1 when a computer is blocked, a domain or the cloud's device list was not read, or nothing was read at all (no evidence is never success). */
const exitFor = (view: InventoryView): number => (view.errors.length > 0 || view.cloud?.error || view.summary.byVerdict.blocked > 0 || view.summary.total === 0 ? 1 : 0);

async function fromBundle(path: string, format: string, sink: Sink): Promise<InventoryView> {
  const artifacts = await loadBundleFile(path);
  if (!artifacts.forests.some((f) => f.inventory)) throw new UserError(`${path} holds no computer inventory (gather with an "inventory" section in the config)`);
  const report = evaluate(artifacts, CHECKS, {});
  const environment = environmentHints(report.findings, artifacts.forests.map((f) => f.name));
  const cloud = cloudFor(artifacts.cloud);
  const writer = rowWriter(format, sink, () => artifacts.collectedAt);
  writer.start();
  const judge = judgeArtifacts(artifacts, { environment, ...cloud.options }, (v) => writer.row(v));
  const view = viewOf(judge, artifacts, cloud.matcher);
  writer.end(view);
  return view;
}

async function fromDirectory(configPath: string, format: string, sink: Sink, progressWanted: boolean): Promise<InventoryView> {
  const settings = await loadConfigFile(configPath);
  if (settings.forests.length === 0) throw new UserError(`${configPath} names no forest: the inventory reads the computers of forests[]`);
  let judge: InventoryJudge | undefined;
  let matcher: CloudMatcher | undefined;
  let progress: Progress | undefined;
  let collectedAt = '';
  let read = 0;
  const writer = rowWriter(format, sink, () => collectedAt);
  try {
    const artifacts = await gatherArtifacts(settings, {
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      parts: { forests: true, network: settings.network !== undefined, inventory: true, cloud: settings.graph !== undefined },
      onSecretsReady: async () => { progress = await startProgress(progressWanted, `Reading ${settings.forests.length} forest(s)`); },
      inventory: {
        before: (a) => {
          rejectBadCredentials(a, settings);
          const cloud = cloudFor(a.cloud);
          matcher = cloud.matcher;
          collectedAt = a.collectedAt;
          const report = evaluate(a, CHECKS.filter((c) => c.meta.id !== 'computer-sync-readiness'), {});
          judge = new InventoryJudge({ collectedAt, environment: environmentHints(report.findings, a.forests.map((f) => f.name)), ...cloud.options });
          writer.start();
        },
        hooks: {
          onComputer: (record, where) => {
            read++;
            writer.row((judge as InventoryJudge).judge(where.forest, where.inventory, where.domain, record));
          },
          onPage: async (p) => {
            progress?.update(`${p.forest} ${p.domain}: ${p.count} computer(s), ${p.pages} page(s); ${read} in all`);
            await sink.drain();
          },
        },
      },
    });
    if (!judge) throw new Error('the inventory was not read');
    const view = viewOf(judge, artifacts, matcher);
    progress?.stop();
    writer.end(view);
    return view;
  } finally {
    progress?.stop();
  }
}

/** `computers`: read (or load) the inventory, judge each computer as it arrives, write rows or the summary. */
export async function runComputers(opts: ComputersCommandOptions): Promise<number> {
  if (Boolean(opts.config) === Boolean(opts.bundle)) throw new UserError('give either --config FILE or --bundle FILE');
  const format = opts.format ?? 'text';
  const sink = openSink(opts.output);
  const streamingToTerminal = (format === 'json' || format === 'csv') && !opts.output && Boolean(process.stdout.isTTY);
  const view = opts.bundle
    ? await fromBundle(opts.bundle, format, sink)
    : await fromDirectory(opts.config as string, format, sink, Boolean(process.stderr.isTTY) && !streamingToTerminal);
  await sink.close();
  return exitFor(view);
}
