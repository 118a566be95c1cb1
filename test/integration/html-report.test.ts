/**
 * The HTML report in a real headless Chromium: it loads from the file alone (no other request,
 * no console error), its charts render with the expected number of bars and points at a
 * non-zero size, and the failing verdict row is visible. Leaves a screenshot in
 * reports/html-report-screenshot.png for people to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../harness/package-root.js';
import { writeReports } from '../../harness/report/write-reports.js';
import { FAILING_BAR_COUNT, PASSING_BAR_COUNT, realisticReport } from '../fixtures/report/run-reports.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = packageRoot();
const SCREENSHOT = join(ROOT, 'reports', 'html-report-screenshot.png');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

describe('HTML report in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      execFileSync('bash', [join(ROOT, 'scripts', 'setup', 'browser.sh')], { stdio: 'inherit', timeout: 600_000 });
    }
    dir = await mkdtemp(join(tmpdir(), 'badgateway-html-'));
    const [path] = await writeReports(realisticReport(), dir, ['html']);
    if (path === undefined) throw new Error('writeReports wrote no HTML report');
    fileUrl = pathToFileURL(path).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('loads from the file alone, with no console error', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it('draws the status chart of each measured variant with one bar per status and interval', async () => {
    expect(await page.locator('#variant-1 svg.status-chart rect.bar').count()).toBe(FAILING_BAR_COUNT);
    expect(await page.locator('#variant-2 svg.status-chart rect.bar').count()).toBe(PASSING_BAR_COUNT);
    expect(await page.locator('#variant-1 svg.status-chart rect.bar[data-status="504"]').count()).toBe(7);
    expect(await page.locator('#variant-1 svg.status-chart rect.bar[data-status="failed"]').count()).toBe(2);
    await expectNonZeroSize(page, '#variant-1 svg.status-chart');
    await expectNonZeroSize(page, '#variant-1 svg.status-chart rect.bar[data-status="504"] >> nth=2');
  });

  it('draws latency bars, upstream timing points and error-log signature bars', async () => {
    expect(await page.locator('#variant-1 svg.latency-chart rect.latency-bar').count()).toBe(5);
    expect(await page.locator('#variant-1 svg.upstream-chart .point').count()).toBe(20);
    expect(await page.locator('#variant-1 svg.signature-chart rect.sig-bar').count()).toBe(3);
    expect(await page.locator('#variant-2 svg.signature-chart').count()).toBe(0);
    for (const selector of [
      '#variant-1 svg.latency-chart', '#variant-1 svg.latency-chart rect.latency-bar[data-p="p99"]',
      '#variant-1 svg.upstream-chart', '#variant-1 svg.upstream-chart circle.point[data-p="p50"] >> nth=1',
      '#variant-1 svg.signature-chart rect.sig-bar[data-signature="unknown"]',
    ]) {
      await expectNonZeroSize(page, selector);
    }
  });

  it('shows the failing verdict rows, marked, with expected beside measured', async () => {
    const failing = page.locator('#variant-1 tr.verdict.fail');
    expect(await failing.count()).toBe(2);
    const first = failing.first();
    expect(await first.isVisible()).toBe(true);
    await expectNonZeroSize(page, '#variant-1 tr.verdict.fail >> nth=0');
    const cells = await first.locator('td').allInnerTexts();
    expect(cells.map((c) => c.trim())).toEqual(['✘ FAIL', 'status.504', '>= 99%', '80.6% (362 of 449)', 'client']);
    const background = await first.locator('td').nth(1).evaluate((td) => (globalThis as unknown as BrowserGlobals).getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('#variant-1 tr.verdict.pass').count()).toBe(3);
  });

  it('shows the error of an errored variant with its hint', async () => {
    const box = page.locator('#variant-3 .error-box');
    expect(await box.isVisible()).toBe(true);
    const text = await box.innerText();
    expect(text).toContain('infrastructure error');
    expect(text).toContain('host not found in upstream "app:8080"');
    expect(text).toContain('hint: The template resolves backend names');
  });

  it('saves a full-page screenshot', async () => {
    await mkdir(join(ROOT, 'reports'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});

/** The one browser function the test calls inside the page (the project's types leave out the DOM). */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

async function expectNonZeroSize(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  expect(box?.width ?? 0, `${selector} width`).toBeGreaterThan(0);
  expect(box?.height ?? 0, `${selector} height`).toBeGreaterThan(0);
}
