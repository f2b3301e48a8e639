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

/** One e-mail for `emailBuffer`/`mboxBuffer`: a body and attachments, in a charset and transfer encoding. */
export interface MailSpec {
  readonly fromName: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  /** Charset of the headers and body, e.g. `utf-8`, `gb2312`, `gbk`, `big5`. */
  readonly charset: string;
  /** Transfer encoding of the body and RFC 2047 encoding of the headers. */
  readonly encoding: 'base64' | 'qp';
  readonly attachments?: readonly MemberSpec[];
}

const MAIL_SCRIPT = `
import base64, json, mailbox, os, sys, tempfile
from email import base64mime, charset as cs, quoprimime
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr

def word(text, m):
    # An RFC 2047 encoded word under the charset's usual label (Python's Header renames some).
    data = text.encode(m['charset'])
    if m['encoding'] == 'qp':
        return quoprimime.header_encode(data, charset=m['charset'])
    return base64mime.header_encode(data, charset=m['charset'])

def build(m):
    c = cs.Charset(m['charset'])
    c.body_encoding = cs.QP if m['encoding'] == 'qp' else cs.BASE64
    msg = MIMEMultipart()
    msg['From'] = formataddr((word(m['fromName'], m), m['from']))
    msg['To'] = m['to']
    msg['Subject'] = word(m['subject'], m)
    msg['Date'] = 'Mon, 01 Jan 2024 00:00:00 +0800'
    msg['Message-ID'] = '<fixture@shredlock.test>'
    msg.attach(MIMEText(m['body'], 'plain', c))
    for a in m['attachments']:
        part = MIMEApplication(base64.b64decode(a['data']))
        part.add_header('Content-Disposition', 'attachment', filename=('utf-8', '', a['name']))
        msg.attach(part)
    return msg

spec = json.load(sys.stdin)
if spec['kind'] == 'eml':
    sys.stdout.buffer.write(build(spec['messages'][0]).as_bytes())
else:
    path = os.path.join(tempfile.mkdtemp(), 'box.mbox')
    box = mailbox.mbox(path)
    for m in spec['messages']:
        box.add(build(m))
    box.flush()
    box.close()
    with open(path, 'rb') as f:
        sys.stdout.buffer.write(f.read())
`;

function mailJson(kind: 'eml' | 'mbox', messages: readonly MailSpec[]): string {
  return JSON.stringify({
    kind,
    messages: messages.map((m) => ({ ...m, attachments: (m.attachments ?? []).map((a) => ({ name: a.name, data: toBuffer(a.data).toString('base64') })) })),
  });
}

/** An `.eml` message written by Python's email package. */
export function emailBuffer(message: MailSpec): Buffer {
  return execFileSync(PYTHON, ['-c', MAIL_SCRIPT], { input: mailJson('eml', [message]), maxBuffer: 1024 ** 3 });
}

/** An mbox mailbox written by Python's mailbox module. */
export function mboxBuffer(messages: readonly MailSpec[]): Buffer {
  return execFileSync(PYTHON, ['-c', MAIL_SCRIPT], { input: mailJson('mbox', messages), maxBuffer: 1024 ** 3 });
}
