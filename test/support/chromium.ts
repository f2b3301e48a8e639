/**
 * The system Chromium for the HTML tests, driven by puppeteer-core. Nothing is ever downloaded:
 * the browser comes from Debian's `chromium-headless-shell` package (CI installs it with apt before
 * `npm test`), or from CHROMIUM_PATH.
 *
 * Lookup order: `CHROMIUM_PATH`, then /usr/bin/chromium-headless-shell, then /usr/bin/chromium.
 */
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian package that provides the browser. */
export const CHROMIUM_APT_PACKAGE = 'chromium-headless-shell';

/** Where the browser is looked for after CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'] as const;

/** No usable browser: the message says how to install one. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  readonly code = 'CHROMIUM_MISSING';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the browser to drive; ChromiumMissingError (naming the apt package) when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (executable(configured)) return configured;
    throw new ChromiumMissingError(`CHROMIUM_PATH=${configured} is not an executable file.`);
  }
  const found = CHROMIUM_CANDIDATES.find(executable);
  if (found) return found;
  throw new ChromiumMissingError(
    `No Chromium for the HTML report tests (looked for ${CHROMIUM_CANDIDATES.join(', ')}). ` +
      `Install Debian's package: apt-get install -y ${CHROMIUM_APT_PACKAGE} ` +
      '(or set CHROMIUM_PATH to a Chromium binary). The tests never download a browser.',
  );
}

/** Launches the system browser headless, with no network proxy and no first-run extras. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  return puppeteer.launch({
    executablePath,
    // chrome-headless-shell only has the old headless mode; a full Chromium runs the new one.
    headless: executablePath.includes('headless-shell') ? 'shell' : true,
    args: [
      // Tests often run as root in containers, where Chromium's sandbox cannot start. The page is
      // our own local file, opened with every fetch forbidden by its CSP.
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-proxy-server',
    ],
  });
}

/** A page opened from a file, with every request and every problem it raised. */
export interface PageRun {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly problems: string[];
}

/**
 * Writes `html` to `file` and opens it in a new page of `browser`, recording requests, failed
 * requests, page errors and console errors or warnings.
 */
export async function openHtmlFile(browser: Browser, file: string, html: string): Promise<PageRun> {
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests, problems };
}
