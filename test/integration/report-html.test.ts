/**
 * The HTML report in a real browser: the built CLI runs `check` against the Samba lab (an SCP whose
 * azureADName carries an HTML/script payload and names the wrong tenant; a second forest without an SCP),
 * writes `--format html --output`, and headless Chromium (Debian package `chromium`, driven by
 * playwright-core) loads the file. The DOM must show the verdict, the forests × checks matrix, working
 * code links, collapsible evidence, the payload as text, and the page must make no network request.
 * Chromium missing or unable to start fails the test: there is no skip.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupCode } from '../../src/codes/lookup.js';
import type { Report } from '../../src/engine/report.js';
import { worst } from '../../src/report/model.js';
import { deleteScp, deleteScpContainer, ensureScpContainer, getForest, setScp, type LabForest } from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SCP_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';
const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>';

const contoso = getForest('contoso');
const fabrikam = getForest('fabrikam');

function forestConfig(f: LabForest) {
  return { name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv: `${f.netbios}_PW`, timeoutMs: 8000 };
}

describe('HTML report in headless Chromium (real lab findings)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haadj-report-html-'));
  const htmlFile = join(dir, 'report.html');
  const screenshot = join(dir, 'report.png');
  let report: Report;
  let exitCode: number;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    // contoso: an SCP naming another tenant, its azureADName a script payload; fabrikam: container, no SCP.
    await setScp(contoso, [`azureADName:${PAYLOAD}`, `azureADId:${SCP_TENANT}`]);
    await ensureScpContainer(fabrikam);
    await deleteScp(fabrikam);

    const config = writeTempJson('preflight.json', { tenant: { id: TENANT }, forests: [forestConfig(contoso), forestConfig(fabrikam)] });
    const env = { [`${contoso.netbios}_PW`]: contoso.password, [`${fabrikam.netbios}_PW`]: fabrikam.password };
    const html = await runCli(['check', '--config', config, '--format', 'html', '--output', htmlFile], env);
    exitCode = html.code;
    if (html.code !== 1) throw new Error(`check --format html exited ${html.code}: ${html.stderr}`);
    // The same run as JSON: the oracle for what the HTML must show.
    const json = await runCli(['check', '--config', config, '--format', 'json'], env);
    report = JSON.parse(json.stdout) as Report;

    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'haadj-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    // Give an <img onerror> or a script every chance to fire before we look.
    await page.waitForTimeout(500);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    for (const f of [contoso, fabrikam]) await deleteScpContainer(f);
  });

  it('the CLI reported the lab as not ready (exit 1) and the JSON oracle agrees', () => {
    expect(exitCode).toBe(1);
    expect(report.summary.ready).toBe(false);
    expect(report.findings.find((f) => f.check === 'scp-tenant-match' && f.forest === contoso.name)?.status).toBe('fail');
    expect(report.findings.find((f) => f.check === 'scp-present' && f.forest === fabrikam.name)?.status).toBe('fail');
  });

  it('the verdict section says Not ready with the counts', async () => {
    const verdict = page.locator('#verdict');
    await expect.poll(() => verdict.getAttribute('data-ready')).toBe('false');
    expect(await verdict.locator('h2').innerText()).toBe('Not ready');
    expect(await verdict.innerText()).toContain(`${report.summary.fail} failing`);
    expect(await page.title()).toMatch(/not ready/);
  });

  it('the checks × forests matrix shows the worst status of every forest × check, linked to its finding', async () => {
    const cells = await page.$$eval('#matrix-forests td[data-status]', (tds) =>
      tds.map((td) => ({ forest: td.getAttribute('data-forest'), check: td.getAttribute('data-check'), status: td.getAttribute('data-status'), text: td.textContent?.trim(), cls: td.className, href: td.querySelector('a')?.getAttribute('href') ?? null })),
    );
    const expected = new Map<string, string>();
    for (const f of report.findings) {
      if (!f.forest) continue;
      const key = `${f.forest}|${f.check}`;
      expected.set(key, worst([f.status, ...(expected.has(key) ? [expected.get(key) as typeof f.status] : [])]) as string);
    }
    expect(new Map(cells.map((c) => [`${c.forest}|${c.check}`, c.status]))).toEqual(expected);
    for (const c of cells) {
      expect(c.cls).toContain(`cell-${c.status}`);
      expect(c.text?.toLowerCase()).toBe(c.status);
      // The link leads to a finding of that check, forest and status.
      const target = page.locator(`[id="${(c.href ?? '#').slice(1)}"]`);
      expect(await target.getAttribute('data-check')).toBe(c.check);
      expect(await target.getAttribute('data-status')).toBe(c.status);
      expect(await target.evaluate((a) => a.closest('section.group')?.getAttribute('data-subject'))).toBe(`forest:${c.forest}`);
    }
    const cell = (forest: string, check: string) => cells.find((c) => c.forest === forest && c.check === check)?.status;
    expect(cell(contoso.name, 'scp-tenant-match')).toBe('fail');
    expect(cell(contoso.name, 'scp-present')).toBe('pass');
    expect(cell(contoso.name, 'dc-bind')).toBe('pass');
    expect(cell(fabrikam.name, 'scp-present')).toBe('fail');
    expect(cell(fabrikam.name, 'scp-container')).toBe('pass');
    expect(cell(fabrikam.name, 'dc-tls')).toBe('pass');
    expect(cell(fabrikam.name, 'scp-keywords')).toBe('skip');
    // Checks down, forests across.
    expect(await page.$$eval('#matrix-forests thead th', (ths) => ths.map((th) => th.textContent?.trim()))).toEqual(['Check', contoso.name, fabrikam.name]);
  });

  it('every predicted code links to an explanation of that code in the page', async () => {
    const links = await page.$$eval('article.finding .codes a[href^="#code-"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    const predicted = report.findings.flatMap((f) => f.codes);
    expect(predicted.length).toBeGreaterThan(0);
    expect(links.map((h) => h.slice('#code-'.length)).sort()).toEqual([...predicted].sort());
    for (const href of new Set(links)) {
      const hex = href.slice('#code-'.length);
      const entry = lookupCode(hex);
      expect(entry, hex).toBeDefined();
      const target = page.locator(`[id="${href.slice(1)}"]`);
      expect(await target.count(), href).toBe(1);
      expect(await target.innerText()).toContain(hex);
      // The explanation (the <dd> after the <dt>) carries the catalog's meaning and remedy.
      const explanation = await target.evaluate((dt) => (dt.nextElementSibling as HTMLElement | null)?.innerText ?? '');
      expect(explanation).toContain(entry?.meaning ?? '<none>');
      expect(explanation).toContain(entry?.remedy ?? '<none>');
    }
    const first = links[0] ?? '';
    await page.locator(`article.finding .codes a[href="${first}"]`).first().click();
    expect(await page.evaluate(() => location.hash)).toBe(first);
    expect(await page.locator(`[id="${first.slice(1)}"]`).isVisible()).toBe(true);
  });

  it('problems are shown, passed and skipped findings are folded away per subject', async () => {
    expect(await page.locator('article.finding').count()).toBe(report.findings.length);
    const visible = await page.$$eval('article.finding', (as) => as.filter((a) => a.checkVisibility()).map((a) => a.getAttribute('data-status')));
    expect(visible.length).toBe(report.summary.fail + report.summary.error + report.summary.warn);
    expect(visible.every((st) => st === 'fail' || st === 'error' || st === 'warn')).toBe(true);
    // fabrikam has one DC, so its scp-replication is skipped; contoso's two DCs agree, so it passes. Neither
    // forest declares a client-side SCP, so scp-client-side is skipped in both; no inventory is configured, so
    // computer-sync-readiness is skipped in both.
    const fabrikamOthers = page.locator(`section.group[data-subject="forest:${fabrikam.name}"] details.others`);
    expect(await fabrikamOthers.locator(':scope > summary').innerText()).toMatch(/^\d+ passed, \d+ skipped$/);
    const others = page.locator(`section.group[data-subject="forest:${contoso.name}"] details.others`);
    expect(await others.locator(':scope > summary').innerText()).toMatch(/^\d+ passed, 2 skipped$/);
    await others.locator(':scope > summary').click();
    expect(await others.locator('article.finding[data-check="scp-present"]').isVisible()).toBe(true);
  });

  it('evidence sits in a collapsed <details> that opens on click', async () => {
    const withEvidence = report.findings.filter((f) => Object.keys(f.evidence).length > 0).length;
    expect(await page.locator('article.finding details.evidence').count()).toBe(withEvidence);
    expect(await page.locator('details.evidence[open]').count()).toBe(0);
    const details = page.locator(`article.finding[data-check="scp-keywords"] details.evidence`).first();
    expect(await details.locator('pre').isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await details.locator('pre').isVisible()).toBe(true);
    expect(await details.locator('pre').innerText()).toContain(`azureADName:${PAYLOAD}`);
  });

  it('the payload from the SCP renders as text: no element, no script run, no dialog', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    const keywords = page.locator(`article.finding[data-check="scp-keywords"][data-status] .message`).first();
    expect(await keywords.innerText()).toContain(PAYLOAD);
    expect(await page.locator('body').innerText()).toContain(PAYLOAD);
  });

  it('the page made no network request: only its own file: URL was loaded', () => {
    expect(requests).toEqual([pathToFileURL(htmlFile).href]);
  });

  it('a full-page screenshot is a real PNG of a laid-out page', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });
    const png = readFileSync(screenshot);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThan(1500);
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
  });
});
