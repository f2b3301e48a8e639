/**
 * moto's names as the synthesized stack's. Flows run with the stack's vault name (so aliases and
 * record keys are the stack's); buckets whose names a reused fixture fixes are translated by kind
 * (`buckets`); ARNs of topics and keys differ from the stack's only in the region (moto's default
 * account is TEST_ENV's), so that is rewritten. Keys are read from moto after a flow: each key
 * tagged for the vault becomes a runtime key of the world (the first epoch key's policy, moto's
 * tags), and aliases resolve to their key. A scenario that deploys the template's own keys to moto
 * names them in `translations.keys`.
 */
import { ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand, type KMSClient } from '@aws-sdk/client-kms';
import { TAG_VAULT } from '../../contract/naming.js';
import type { IamWorld } from '../support/iam-world.js';
import { MOTO_REGION } from '../support/moto.js';
import type { NameMap } from './iam-requests.js';

/** Names a scenario's fixtures fix, as the stack's: moto bucket name -> the stack's; moto key id -> the template key's logical id. */
export interface Translations {
  readonly buckets?: Readonly<Record<string, string>>;
  readonly keys?: Readonly<Record<string, string>>;
}

/** Key id from a key id, key ARN, alias name or alias ARN, using `aliases` (alias name -> key id). */
function keyIdOf(ref: string, aliases: ReadonlyMap<string, string>): string {
  const name = ref.startsWith('arn:') ? ref.split(':').slice(5).join(':') : ref;
  if (name.startsWith('key/')) return name.slice('key/'.length);
  if (name.startsWith('alias/')) {
    const id = aliases.get(name);
    if (!id) throw new Error(`alias ${name} is not on moto: a fixture names a key that does not exist; give it a real one`);
    return id;
  }
  return name;
}

/**
 * Reads moto's keys and aliases, registers the vault's keys in `world` (those `translations` does
 * not name as template keys), and returns the name map of a scenario's flows.
 */
export async function motoNameMap(kms: KMSClient, world: IamWorld, templateKeyArn: string, translations: Translations = {}): Promise<NameMap> {
  const { buckets = {}, keys = {} } = translations;
  const { account, region } = world.env;
  const aliases = new Map<string, string>();
  for (const a of (await kms.send(new ListAliasesCommand({}))).Aliases ?? []) {
    if (a.AliasName && a.TargetKeyId) aliases.set(a.AliasName, a.TargetKeyId);
  }
  for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
    const tags = Object.fromEntries(((await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags ?? []).map((t) => [t.TagKey ?? '', t.TagValue ?? '']));
    if (tags[TAG_VAULT] !== undefined && keys[k.KeyId as string] === undefined) world.addRuntimeKey(templateKeyArn, k.KeyId as string, tags);
  }
  const arn = (motoArn: string): string => {
    const parts = motoArn.split(':');
    if (parts[3] !== MOTO_REGION || parts[4] !== account) throw new Error(`${motoArn} is not in moto's region and TEST_ENV's account`);
    return [...parts.slice(0, 3), region, ...parts.slice(4)].join(':');
  };
  return {
    region,
    bucketKey: (name) => world.bucketKeys.get(name),
    topicKey: (topicArn) => world.topicKeys.get(topicArn),
    bucket: (name) => buckets[name] ?? name,
    arn,
    prefix: (service) => `arn:aws:${service}:${region}:${account}`,
    keyArn: (ref) => {
      const id = keyIdOf(ref, aliases);
      const logical = keys[id];
      return logical ? world.keyArn(logical) : `arn:aws:kms:${region}:${account}:key/${id}`;
    },
  };
}
