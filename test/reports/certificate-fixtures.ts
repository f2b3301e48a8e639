/** Destruction certificates, manifests and closing records as the shredder writes them. */
import type { Certificate, ClosingRecord } from '../../lambdas/shredder/certificate.js';
import { buildManifest, type Manifest } from '../../lambdas/shredder/manifest.js';
import { closingFor, destructionCertificate } from '../shredder/certificates.js';

export const RECORDS = 'acme-records-certs';
export const VAULT = 'acme';

/** A manifest of `n` versions, one with a key that needs escaping. */
export function manifestOf(n: number, seed = 'k'): Manifest {
  return buildManifest(
    Array.from({ length: n }, (_, i) => ({ key: i === 0 ? `客户\t${seed}\\${i}.csv` : `${seed}/${i}.csv`, versionId: `v${i}`, etag: `"etag${i}"`, size: 100 + i })),
  );
}

/** A certificate for `keyId` in `epoch`, citing `manifest`. */
export function certificateFor(keyId: string, epoch: string, manifest: Manifest): Certificate {
  return destructionCertificate({ vault: VAULT, epoch, keyId, manifest, recordsBucket: RECORDS });
}

/** The completion or cancellation of `certificate`. */
export function closing(certificate: Certificate, kind: 'completion' | 'cancellation'): ClosingRecord {
  return closingFor(certificate, kind, RECORDS);
}
