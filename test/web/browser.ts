/**
 * Runs the built inspector page in Debian's headless Chromium through
 * playwright-core (which downloads nothing). Every request the page makes is
 * routed here: anything but file:, data: and blob: fails the page's request
 * and is recorded, so a test can assert the page stayed offline.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

/** The repository root (tests run from build/test/web). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The sample files. */
export const FIXTURES = join(ROOT, 'test/web/fixtures');
/** Where the test build of the page goes. */
export const PAGE_DIR = join(ROOT, 'build/web-page');
/** Where screenshots go. */
export const SCREENSHOT_DIR = join(ROOT, 'build/web-screenshots');

/** The Chromium binary: $PICKLEJAR_CHROMIUM or Debian's. */
export const CHROMIUM = process.env.PICKLEJAR_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium; set PICKLEJAR_CHROMIUM to use another)`;
  // playwright-core is a devDependency; a production-only install lacks it.
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('playwright-core')"], { cwd: ROOT });
  if (probe.status !== 0) return 'playwright-core is not installed (npm ci installs the devDependencies)';
  return undefined;
}

/**
 * Builds the page with scripts/build-web.mjs into `dir`.
 * @returns the page's file: URL.
 */
export function buildPage(dir = PAGE_DIR): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs'), dir], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build-web failed: ${result.stderr}`);
  return pathToFileURL(join(dir, 'index.html')).href;
}

/** A running browser with one page and the requests it tried. */
export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests to anything but file:, data: and blob: (all were aborted). */
  readonly blocked: string[];
  /** Uncaught page errors and console errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile and opens the page.
 * @param url the page's URL.
 * @param options viewport and color scheme.
 */
export async function openPage(url: string, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Session> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'picklejar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: options.width ?? 1100, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const blocked: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', async (route) => {
    const u = route.request().url();
    if (/^(file|data|blob):/.test(u)) await route.continue();
    else {
      blocked.push(u);
      await route.abort();
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!/^(file|data|blob):/.test(r.url())) blocked.push(r.url());
  });
  await page.goto(url);
  return {
    context,
    page,
    blocked,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a sample file through the page's file input and waits for the views. */
export async function openSample(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    // Choosing the same file twice fires no change event unless the input is reset.
    (document.getElementById('file') as HTMLInputElement).value = '';
    document.querySelector('main.views')?.setAttribute('hidden', '');
    document.getElementById('summary')!.textContent = '';
  });
  await page.setInputFiles('#file', join(FIXTURES, name));
  await page.waitForFunction(() => {
    const s = document.getElementById('summary')?.textContent ?? '';
    return !document.querySelector('main.views')?.hasAttribute('hidden') || /Error/.test(s);
  });
}

/** The visible text of a tab's panel after selecting it. */
export async function panelText(page: Page, tab: string): Promise<string> {
  await page.click(`#tab-${tab}`);
  return (await page.textContent(`#panel-${tab}`)) ?? '';
}
