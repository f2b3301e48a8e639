/** A trail store over files held in memory: the `trail/files/` folder of an evidence pack. */
import { parseSidecar } from '../local-store.js';
import { SIGNATURE_SIDECAR_SUFFIX, type SignatureMetadata, type TrailStore } from '../store.js';

/** Reads trail files from `files` (key -> bytes); sidecars are `<key>.metadata.json` entries. */
export class MemoryTrailStore implements TrailStore {
  constructor(
    private readonly files: ReadonlyMap<string, Uint8Array>,
    readonly source: string,
    readonly bucket?: string,
  ) {}

  async *list(): AsyncIterable<string> {
    yield* [...this.files.keys()].filter((k) => !k.endsWith(SIGNATURE_SIDECAR_SUFFIX)).sort();
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return this.files.get(key);
  }

  async readSignature(key: string): Promise<SignatureMetadata | undefined> {
    const sidecar = this.files.get(key + SIGNATURE_SIDECAR_SUFFIX);
    return sidecar === undefined ? undefined : parseSidecar(Buffer.from(sidecar).toString('utf8'), key + SIGNATURE_SIDECAR_SUFFIX);
  }
}
