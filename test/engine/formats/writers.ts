/**
 * Real writers for backup-format fixtures: Python's tarfile, bz2 and lzma (the system python3,
 * standard library only) and Debian's `zstd` tool. They package synthetic content only.
 */
import { execFileSync } from 'node:child_process';

const PYTHON = process.env.PYTHON ?? 'python3';

/** One file of an archive. */
export interface MemberSpec {
  readonly name: string;
  readonly data: Buffer | string;
}

/** Tar header formats Python writes: POSIX ustar, pax (long and UTF-8 names), GNU (long names). */
export type TarFormat = 'ustar' | 'pax' | 'gnu';

const TAR_SCRIPT = `
import base64, io, json, sys, tarfile
spec = json.load(sys.stdin)
formats = {'ustar': tarfile.USTAR_FORMAT, 'pax': tarfile.PAX_FORMAT, 'gnu': tarfile.GNU_FORMAT}
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode='w', format=formats[spec['format']]) as tar:
    for member in spec['members']:
        data = base64.b64decode(member['data'])
        if member['name'].endswith('/'):
            info = tarfile.TarInfo(member['name'].rstrip('/'))
            info.type = tarfile.DIRTYPE
            info.mtime = 1704067200
            tar.addfile(info)
            continue
        info = tarfile.TarInfo(member['name'])
        info.size = len(data)
        info.mtime = 1704067200
        tar.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(buffer.getvalue())
`;

const COMPRESS_SCRIPT = `
import bz2, gzip, lzma, sys
data = sys.stdin.buffer.read()
codec = sys.argv[1]
out = {'gz': lambda d: gzip.compress(d, mtime=0), 'bz2': bz2.compress, 'xz': lzma.compress}[codec](data)
sys.stdout.buffer.write(out)
`;

function toBuffer(data: Buffer | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** A tar archive written by Python's tarfile (a name ending in `/` is a directory). */
export function tarBuffer(members: readonly MemberSpec[], format: TarFormat = 'pax'): Buffer {
  const input = JSON.stringify({ format, members: members.map((m) => ({ name: m.name, data: toBuffer(m.data).toString('base64') })) });
  return execFileSync(PYTHON, ['-c', TAR_SCRIPT], { input, maxBuffer: 1024 ** 3 });
}

/** Compresses with Python's gzip, bz2 or lzma (xz container), or with the `zstd` tool. */
export function compress(data: Buffer | string, codec: 'gz' | 'bz2' | 'xz' | 'zst'): Buffer {
  if (codec === 'zst') return execFileSync('zstd', ['-q', '-c', '-3'], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
  return execFileSync(PYTHON, ['-c', COMPRESS_SCRIPT, codec], { input: toBuffer(data), maxBuffer: 1024 ** 3 });
}
