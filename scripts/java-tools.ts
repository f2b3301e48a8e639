/**
 * Java tools for the format tests: Jackcess (Apache-2.0), the library that writes Microsoft Access
 * databases (.mdb, .accdb; no Python or JavaScript package writes them), Apache POI's HSSF and
 * HSLF (an Excel 97-2003 workbook with pictures, a PowerPoint 97-2003 presentation: LibreOffice
 * Impress is not installed, xlwt writes bitmaps only), and what they need. The
 * pinned jars are fetched from Maven Central by Maven (`dependency:copy`, so a mirror in
 * ~/.m2/settings.xml is used) into `.tools/java-<pins>/` at the repository root, checked against their
 * SHA-256, and kept: the next run finds them there. Needs `java` (17 or newer: a writer is run as a
 * single source file) and `mvn` on the PATH.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sharedUntilFailure } from './once.js';

const run = promisify(execFile);
const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');


/** The jars, pinned: Maven coordinates and the SHA-256 of the jar. */
const JARS = [
  { artifact: 'com.healthmarketscience.jackcess:jackcess:4.0.8', sha256: 'bb84e5c7367dedf3a5cea7ad2d37e6874bb688f9003edb92749ef032be25671e' },
  { artifact: 'org.apache.commons:commons-lang3:3.18.0', sha256: '4eeeae8d20c078abb64b015ec158add383ac581571cddc45c68f0c9ae0230720' },
  { artifact: 'commons-logging:commons-logging:1.3.5', sha256: '6d7a744e4027649fbb50895df9497d109f98c766a637062fe8d2eabbb3140ba4' },
  // Apache POI: HSSF writes Excel 97-2003 workbooks with pictures, HSLF (scratchpad) PowerPoint
  // 97-2003 presentations; and what they need.
  { artifact: 'org.apache.poi:poi:5.5.1', sha256: '6c52e876ca75775a11b56e4b36a7541f682827f56406725fcd87560b792ee3d8' },
  { artifact: 'org.apache.poi:poi-scratchpad:5.5.1', sha256: '24c3f407eff517432d5cfd5628b6b8a091f94c1dbb7481384599b5a0fbeedeb9' },
  { artifact: 'commons-codec:commons-codec:1.20.0', sha256: '6af66595f9f6a7bb58ce66518d6888d40b547c366d2262f06676eee19528ff66' },
  { artifact: 'org.apache.commons:commons-collections4:4.5.0', sha256: '00f93263c267be201b8ae521b44a7137271b16688435340bf629db1bac0a5845' },
  { artifact: 'org.apache.commons:commons-math3:3.6.1', sha256: '1e56d7b058d28b65abd256b8458e3885b674c1d588fa43cd7d1cbb9c7ef2b308' },
  { artifact: 'commons-io:commons-io:2.21.0', sha256: '7d643a2afea8b058b762aa6fb90e5b256f6c729739f8b3784c3370ddc609e88d' },
  { artifact: 'com.zaxxer:SparseBitSet:1.3', sha256: 'f76b85adb0c00721ae267b7cfde4da7f71d3121cc2160c9fc00c0c89f8c53c8a' },
  { artifact: 'org.apache.logging.log4j:log4j-api:2.24.3', sha256: '5b4a0a0cd0e751ded431c162442bdbdd53328d1f8bb2bae5fc1bbeee0f66d80f' },
] as const;

/** Where the jars are kept: a folder per set of pins, so a changed set is fetched whole beside the old one. */
export const JAVA_TOOLS_DIR = join(
  REPO_ROOT,
  '.tools',
  `java-${createHash('sha256').update(JARS.map((jar) => jar.sha256).join()).digest('hex').slice(0, 12)}`,
);

/** java or mvn is missing, or a jar could not be fetched or did not match its pin. */
export class JavaToolsError extends Error {
  override readonly name = 'JavaToolsError';
  constructor(
    readonly code: 'JAVA_MISSING' | 'FETCH_FAILED' | 'CHECKSUM_MISMATCH',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The jars on a class path, and the java to run a writer with. */
export interface JavaTools {
  readonly java: string;
  readonly classpath: string;
}

const jarName = (artifact: string): string => {
  const [, name, version] = artifact.split(':');
  return `${name}-${version}.jar`;
};

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Makes sure JAVA_TOOLS_DIR holds the pinned jars; resolves to how to run a writer with them. */
export const ensureJavaTools: () => Promise<JavaTools> = sharedUntilFailure(install);

async function install(): Promise<JavaTools> {
  for (const tool of ['java', 'mvn']) {
    try {
      await run(tool, ['-version'], { timeout: 60_000 });
    } catch (error) {
      throw new JavaToolsError('JAVA_MISSING', `${tool} is required to write the Access fixtures (apt-get install default-jdk-headless maven)`, { cause: error });
    }
  }
  const tools = { java: 'java', classpath: JARS.map(({ artifact }) => join(JAVA_TOOLS_DIR, jarName(artifact))).join(':') };
  if (JARS.every(({ artifact }) => existsSync(join(JAVA_TOOLS_DIR, jarName(artifact))))) return tools;
  // Fetched into a folder of its own and moved in whole: two test processes may fetch at once.
  mkdirSync(join(JAVA_TOOLS_DIR, '..'), { recursive: true });
  const staging = mkdtempSync(join(JAVA_TOOLS_DIR, '..', 'staging-'));
  try {
    for (const { artifact, sha256: pinned } of JARS) {
      try {
        await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${staging}`], { cwd: staging, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
        throw new JavaToolsError('FETCH_FAILED', `Maven could not fetch ${artifact}: ${output.slice(-2000) || String(error)}`, { cause: error });
      }
      const got = sha256(join(staging, jarName(artifact)));
      if (got !== pinned) throw new JavaToolsError('CHECKSUM_MISMATCH', `${artifact} has SHA-256 ${got}, pinned ${pinned}`);
    }
    try {
      renameSync(staging, JAVA_TOOLS_DIR);
    } catch (error) {
      if (!existsSync(JAVA_TOOLS_DIR)) throw error; // another process moved its copy in first
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return tools;
}
