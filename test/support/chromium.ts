/**
 * Chromium for the HTML tests, driven by puppeteer-core. Nothing is ever downloaded at run time:
 * the browser is the system's when there is one, otherwise the one that the npm package
 * `@sparticuz/chromium` (a pinned devDependency) ships inside its tarball for Linux x64, brotli
 * compressed, with the NSS libraries it needs. `npm ci && npm test` therefore passes on a machine
 * without any browser installed.
 *
 * Lookup order: `CHROMIUM_PATH`, then {@link CHROMIUM_CANDIDATES}, then the packaged build, unpacked
 * once per machine into `<tmpdir>/shredlock-chromium-<version>/`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createBrotliDecompress } from 'node:zlib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** npm package whose tarball carries the fallback browser (Linux x64 only). */
export const CHROMIUM_NPM_PACKAGE = '@sparticuz/chromium';

/** Where a system browser is looked for after CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
] as const;

/** No usable browser: the message says why and what to do. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  readonly code = 'CHROMIUM_MISSING';
}

/** A browser to launch: its binary, how it runs headless, and what it needs in its environment. */
export interface ChromiumBinary {
  readonly executablePath: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | 'npm';
  readonly headless: true | 'shell';
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** chrome-headless-shell only has the old headless mode; a full Chromium runs the new one. */
function headlessFor(path: string): true | 'shell' {
  return path.includes('headless-shell') ? 'shell' : true;
}

/** The configured or installed browser, or undefined when the machine has none. */
export function findSystemChromium(env: NodeJS.ProcessEnv = process.env): ChromiumBinary | undefined {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!executable(configured)) throw new ChromiumMissingError(`CHROMIUM_PATH=${configured} is not an executable file.`);
    return { executablePath: configured, source: 'CHROMIUM_PATH', headless: headlessFor(configured), args: [], env: {} };
  }
  const found = CHROMIUM_CANDIDATES.find(executable);
  return found ? { executablePath: found, source: 'system', headless: headlessFor(found), args: [], env: {} } : undefined;
}

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);

/** The package's own folder: its entry point is build/cjs/index.cjs (it exports no package.json). */
function packageRoot(): string {
  return join(dirname(require.resolve(CHROMIUM_NPM_PACKAGE)), '..', '..');
}

/** Version-stamped folder that holds the unpacked npm build, shared by every worker on the machine. */
function packagedFolder(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return join(tmpdir(), `shredlock-chromium-${version}`);
}

/** Flags of the package's launch list that would loosen the page's security: the tests check it. */
const LOOSENING_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--headless'];

/**
 * Where each compressed file of the package's bin/ goes, relative to the unpacked folder: the
 * layout the package itself makes under /tmp on Lambda (the browser, its fonts, SwiftShader's GL
 * libraries next to the binary, and the NSS libraries under al2023/lib).
 */
const PACKAGE_FILES: readonly { readonly file: string; readonly to: string; readonly tar: boolean }[] = [
  { file: 'chromium.br', to: 'chromium', tar: false },
  { file: 'fonts.tar.br', to: 'fonts', tar: true },
  { file: 'swiftshader.tar.br', to: '.', tar: true },
  { file: 'al2023.tar.br', to: 'al2023', tar: true },
];

/**
 * Brotli-decompresses `file` into the file `to`, or, for a tar, extracts it under the folder `to`
 * with the system's tar (from a decompressed file: tar may stop reading a pipe before its end).
 */
async function inflate(file: string, to: string, tar: boolean): Promise<void> {
  const target = tar ? `${to}.tar` : to;
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(target, { mode: 0o700 }));
  if (!tar) return;
  await mkdir(to, { recursive: true });
  try {
    await execFileAsync('tar', ['-x', '-f', target, '-C', to]);
  } catch (error) {
    throw new ChromiumMissingError(`tar could not extract ${file}: ${(error as Error).message}`, { cause: error });
  } finally {
    await rm(target, { force: true });
  }
}

/**
 * Unpacks the npm package's browser into `folder`: first into a private staging folder, which is
 * then renamed into place. The rename is atomic, so workers that unpack at the same time never see
 * half a binary, and the first rename wins.
 */
async function unpackPackaged(folder: string): Promise<void> {
  const staging = await mkdtemp(`${folder}.staging-`);
  try {
    for (const { file, to, tar } of PACKAGE_FILES) await inflate(join(packageRoot(), 'bin', file), join(staging, to), tar);
    // The package's fonts.conf names Lambda's folders; ours names the unpacked fonts and the
    // system's (which hold CJK fonts when installed), so screenshots show text.
    await writeFile(join(staging, 'fonts.conf'), fontsConf(folder));
    // A folder left by an interrupted older attempt, without the browser, is replaced.
    if (existsSync(folder) && !existsSync(join(folder, 'chromium'))) await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another worker finished first: its copy is as good as ours.
    if (!existsSync(join(folder, 'chromium'))) throw error;
  }
}

/** A fontconfig file for the unpacked browser (see unpackPackaged). */
function fontsConf(folder: string): string {
  const dirs = [join(folder, 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'].map((d) => `  <dir>${d}</dir>`);
  return ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', '<fontconfig>', ...dirs, `  <cachedir>${join(folder, 'fonts-cache')}</cachedir>`, '</fontconfig>', ''].join('\n');
}

/** The browser shipped in the npm package, unpacked on first use; Linux x64 only. */
export async function packagedChromium(): Promise<ChromiumBinary> {
  if (platform() !== 'linux' || arch() !== 'x64') {
    throw new ChromiumMissingError(
      `No system Chromium, and ${CHROMIUM_NPM_PACKAGE} ships one for Linux x64 only (this is ${platform()} ${arch()}). ` +
        'Install Chromium or set CHROMIUM_PATH to a Chromium binary. The tests never download a browser.',
    );
  }
  const folder = packagedFolder();
  if (!existsSync(join(folder, 'chromium'))) await unpackPackaged(folder);
  const { default: chromium } = await import('@sparticuz/chromium');
  return {
    executablePath: join(folder, 'chromium'),
    source: 'npm',
    headless: 'shell',
    // The flags the package's build is made to run with (single process, software GL).
    args: chromium.args.filter((a) => !LOOSENING_FLAGS.some((flag) => a.startsWith(flag))),
    env: {
      // The NSS libraries of the tarball, for machines that have none; fonts for text layout.
      LD_LIBRARY_PATH: [join(folder, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: join(folder, 'fonts.conf'),
    },
  };
}

/** The browser the tests will drive: the system's if any, else the packaged one. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  return findSystemChromium(env) ?? packagedChromium();
}

/** Launches the browser headless, with no network proxy and no first-run extras. */
export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  return puppeteer.launch({
    executablePath: binary.executablePath,
    headless: binary.headless,
    env: { ...process.env, ...binary.env },
    args: [
      ...binary.args,
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
