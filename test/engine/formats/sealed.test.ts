/**
 * Sealed files (sealed.ts): encrypted, or compressed in a format no reader here knows, told by their
 * signature, are failed and never public, however small. The files are made by the real tools
 * (OpenSSL, GnuPG with a throwaway key, lzop, xz's LZMA-alone format); age, lzip and qpress, of
 * which Debian's tools are not installed here, by their documented headers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealedKind } from '../../../lambdas/engine/formats/sealed.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { customerCsv } from './backup-fixtures.js';
import { bufferSource, noise } from './read-parts.js';

/** Five customers: about 600 bytes, under what the opacity meter can measure. */
const { csv } = customerCsv(5, 21);
const gnupg = mkdtempSync(join(tmpdir(), 'shredlock-gnupg-'));
afterAll(() => rmSync(gnupg, { recursive: true, force: true }));

const run = (program: string, args: readonly string[], input: Buffer | string = csv) => execFileSync(program, args, { input, maxBuffer: 64 * 1024 * 1024 });
const gpg = (args: readonly string[], input: Buffer | string = csv) => run('gpg', ['--homedir', gnupg, '--batch', '--yes', '--quiet', ...args], input);
const scan = (name: string, bytes: Buffer) => scanSource(bufferSource(name, bytes), name);

describe('encrypted files are ENCRYPTED, never public, however small', () => {
  gpg(['--passphrase', '', '--quick-gen-key', 'Test <test@example.com>', 'future-default', 'default', 'never'], '');

  it.each<[string, () => Buffer, string]>([
    ['openssl enc (salted, its default)', () => run('openssl', ['enc', '-aes-256-cbc', '-pbkdf2', '-pass', 'pass:test']), 'OpenSSL-encrypted data'],
    ['gpg -c (a passphrase)', () => gpg(['--passphrase', 'test', '--pinentry-mode', 'loopback', '-c']), 'an OpenPGP-encrypted message'],
    ['gpg -e (a public key)', () => gpg(['-e', '-r', 'test@example.com', '--trust-model', 'always']), 'an OpenPGP-encrypted message'],
    ['gpg -e -a (ASCII-armored)', () => gpg(['-e', '-a', '-r', 'test@example.com', '--trust-model', 'always']), 'an ASCII-armored OpenPGP message'],
    ['age (its header)', () => Buffer.concat([Buffer.from('age-encryption.org/v1\n-> X25519 abc\nxyz\n--- mac\n'), noise(600, 3)]), 'an age-encrypted file'],
  ])('%s', async (_, make, what) => {
    const bytes = make();
    expect(bytes.length).toBeLessThan(1400);
    const report = await scan('customers.csv.enc', bytes);
    expect(report).toMatchObject({ sensitivity: 'failed', counts: {}, error: { code: 'ENCRYPTED', message: expect.stringContaining(what) } });
  });
});

describe('compressed in a format no reader here knows: what the strings pass finds, then OPAQUE', () => {
  it.each<[string, () => Buffer, string]>([
    ['lzop', () => run('lzop', ['-c']), 'lzop data'],
    ['LZMA alone (xz --format=lzma)', () => run('xz', ['--format=lzma', '-c']), 'LZMA data (.lzma)'],
    ['lzip (its header)', () => Buffer.concat([Buffer.from('LZIP\x01\x0c', 'latin1'), noise(500, 4)]), 'lzip data'],
    ['qpress (its header)', () => Buffer.concat([Buffer.from('qpress10', 'latin1'), noise(500, 5)]), 'qpress data'],
  ])('%s', async (_, make, what) => {
    const report = await scan('customers.csv.x', make());
    // Failed, or confidential by an ID the compressor left whole: never public, never only sensitive.
    expect(['failed', 'confidential']).toContain(report.sensitivity);
    expect(report.error).toMatchObject({ code: 'OPAQUE', message: expect.stringContaining(what) });
  });

  it("lzop's fragments are reported beside the error: found, not hidden", async () => {
    const { csv: many } = customerCsv(400, 22);
    const report = await scan('customers.csv.lzo', run('lzop', ['-c'], many));
    expect(report.sensitivity).not.toBe('public');
    expect(report.error?.code).toBe('OPAQUE');
    expect(Object.keys(report.counts).length).toBeGreaterThan(0);
  });
});

describe('what is not sealed', () => {
  it('text and plain binaries are not; nor are a text that mentions a PGP message, noise, or an LZMA-like header with a dictionary of no allowed size', () => {
    expect(sealedKind(Buffer.from(csv))).toBeUndefined();
    expect(sealedKind(Buffer.from('See the attached -----BEGIN PGP MESSAGE----- block'))).toBeUndefined();
    for (let seed = 1; seed <= 200; seed++) expect(sealedKind(noise(64, seed)), `seed ${seed}`).toBeUndefined();
    const lzma = Buffer.from([0x5d, 0x00, 0x00, 0x80, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(sealedKind(lzma)).toMatchObject({ code: 'OPAQUE' });
    lzma.writeUInt32LE(5_000_000, 1);
    expect(sealedKind(lzma)).toBeUndefined();
  });
});
