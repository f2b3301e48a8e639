/**
 * The engine's first pass over raw UTF-8 bytes (AssemblyScript, compiled to WebAssembly by
 * scripts/build-byte-pass.mjs; loaded by lambdas/engine/byte-pass/index.ts).
 *
 * One loop over the bytes of a window finds where a detector pattern can start and checks there
 * what the text alone decides, exactly as dispatch.ts does over the decoded text (`walkText` and
 * `Run.fits`): runs of ASCII letters and digits, with their entry lists looked up by first
 * character, length and the class of the character after the run; the punctuation characters
 * that trigger patterns; runs of Han characters and the places inside them. For each trigger entry
 * there it checks the run's length, the first character, the character before (`notAfter` and the
 * last characters of `after` words), the run after the next character (`then`) and the `ahead`
 * character with the run before it. What passes is written out as a "try": the start, the entry
 * and the run length; dispatch.ts makes the checks that depend on earlier matches and runs the
 * pattern's expression there.
 *
 * Offsets are UTF-16 code units, as the decoded text counts them. Characters are read as
 * normalize.ts leaves them: full-width ASCII (U+FF01-U+FF5E) and the ideographic space fold to
 * ASCII. The bytes must be valid UTF-8 (the text reader's strict decoder proved it); the caller
 * compares `unitsEnd()` with the text's length and walks the text instead when they differ.
 *
 * The plan's tables are data in this module's memory, written by the loader from the dispatch
 * plan (so the pass is derived from the detectors' triggers), laid out as the loader's
 * `PLAN_FIELDS` say.
 */

/** Lengths at or above this share one slot of a length table (dispatch.ts LENGTH_CAP). */
const LENGTH_CAP: i32 = 64;
const STRIDE: i32 = 65;
const HAN_FIRST: i32 = 0x4e00;
const HAN_LAST: i32 = 0x9fff;
/** A try is three i32: start, entry, length. */
const TRY_BYTES: usize = 12;

// Entry records: ENTRY_FIELDS i32 each (see the loader).
const ENTRY_FIELDS: i32 = 16;
const E_FLAGS: i32 = 0;
const E_ACCEPTS: i32 = 1;
const E_FIRST: i32 = 2;
const E_NOT_AFTER: i32 = 3;
const E_AFTER_LAST: i32 = 4;
const E_AHEAD: i32 = 5;
const E_WITHIN: i32 = 6;
const E_THROUGH: i32 = 7;
const E_THEN_FIRST: i32 = 8;
const E_THEN_ACCEPTS: i32 = 9;
const E_THEN_NEXT: i32 = 10;
const E_THEN_FOLLOW: i32 = 11;
const E_PATTERN: i32 = 12;
const F_INSIDE: i32 = 1;
const F_THEN: i32 = 2;

// The plan: offsets of its tables, set by setPlan from a header of i32 (the loader's PLAN_FIELDS order).
let alnumTable: usize = 0;
let alnumAheadTable: usize = 0;
let byClassTable: usize = 0;
let alnumNextTable: usize = 0;
let classes: i32 = 1;
let listStarts: usize = 0;
let listItems: usize = 0;
let entries: usize = 0;
let charLists: usize = 0;
let hanNextTable: usize = 0;
let hanGroups: usize = 0;
let aheadChars: usize = 0;
let aheadCount: i32 = 0;
let aheadWithin: i32 = 0;
/** Per entry: the `ahead` occurrence its `through` run was measured for, and where that run starts. */
let throughFor: usize = 0;
let throughFrom: usize = 0;
let entryCount: i32 = 0;

export function setPlan(header: usize): void {
  alnumTable = <usize>load<i32>(header);
  alnumAheadTable = <usize>load<i32>(header + 4);
  byClassTable = <usize>load<i32>(header + 8);
  alnumNextTable = <usize>load<i32>(header + 12);
  classes = load<i32>(header + 16);
  listStarts = <usize>load<i32>(header + 20);
  listItems = <usize>load<i32>(header + 24);
  entries = <usize>load<i32>(header + 28);
  charLists = <usize>load<i32>(header + 32);
  hanNextTable = <usize>load<i32>(header + 36);
  hanGroups = <usize>load<i32>(header + 40);
  aheadChars = <usize>load<i32>(header + 44);
  aheadCount = load<i32>(header + 48);
  aheadWithin = load<i32>(header + 52);
  throughFor = <usize>load<i32>(header + 56);
  throughFrom = <usize>load<i32>(header + 60);
  entryCount = load<i32>(header + 64);
}

// The window being walked, and which patterns are dead in it (1 per pattern), and its Han groups' live bounds.
let dead: usize = 0;
let hanLive: usize = 0;
let base: usize = 0;
let n: i32 = 0;
let out: usize = 0;
let outEnd: usize = 0;
let full: bool = false;
let endUnits: i32 = 0;

/** UTF-16 units of the text up to where `walk` stopped; -1 when the tries did not fit. */
export function unitsEnd(): i32 {
  return full ? -1 : endUnits;
}

/** Bytes and UTF-16 units of the character `charAt` read last. */
let charBytes: i32 = 1;
let charUnits: i32 = 1;

@inline
function isAlnum(c: i32): bool {
  return <u32>(c - 48) < 10 || <u32>((c | 32) - 97) < 26;
}

@inline
function isHan(c: i32): bool {
  return c >= HAN_FIRST && c <= HAN_LAST;
}

/**
 * The character at byte `i` (a lead byte), as normalize.ts leaves it: full-width ASCII and U+3000
 * folded; for a character beyond the BMP its high surrogate (charUnits 2).
 */
@inline
function charAt(i: i32): i32 {
  const lead = <i32>load<u8>(base + i);
  if (lead < 0x80) {
    charBytes = 1;
    charUnits = 1;
    return lead;
  }
  if (lead < 0xe0) {
    charBytes = 2;
    charUnits = 1;
    if (i + 1 >= n) return 0xfffd;
    return ((lead & 0x1f) << 6) | (<i32>load<u8>(base + i + 1) & 0x3f);
  }
  if (lead < 0xf0) {
    charBytes = 3;
    charUnits = 1;
    if (i + 2 >= n) return 0xfffd;
    const cp = ((lead & 0x0f) << 12) | ((<i32>load<u8>(base + i + 1) & 0x3f) << 6) | (<i32>load<u8>(base + i + 2) & 0x3f);
    if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;
    return cp == 0x3000 ? 0x20 : cp;
  }
  charBytes = 4;
  charUnits = 2;
  if (i + 3 >= n) return 0xfffd;
  const cp = ((lead & 0x07) << 18) | ((<i32>load<u8>(base + i + 1) & 0x3f) << 12) | ((<i32>load<u8>(base + i + 2) & 0x3f) << 6) | (<i32>load<u8>(base + i + 3) & 0x3f);
  return 0xd800 + ((cp - 0x10000) >> 10);
}

/** The last UTF-16 unit of the character at byte `i` (a surrogate pair's low half). */
function lastUnitAt(i: i32): i32 {
  const c = charAt(i);
  if (charUnits == 1) return c;
  const cp = ((<i32>load<u8>(base + i) & 0x07) << 18) | ((<i32>load<u8>(base + i + 1) & 0x3f) << 12) | ((<i32>load<u8>(base + i + 2) & 0x3f) << 6) | (<i32>load<u8>(base + i + 3) & 0x3f);
  return 0xdc00 + ((cp - 0x10000) & 0x3ff);
}

/** The byte where the character ending just before byte `i` starts. */
function leadBefore(i: i32): i32 {
  let q = i - 1;
  while (q > 0 && (<i32>load<u8>(base + q) & 0xc0) == 0x80) q--;
  return q;
}

@inline
function entryField(e: i32, field: i32): i32 {
  return load<i32>(entries + (<usize>(e * ENTRY_FIELDS + field) << 2));
}

@inline
function bit(table: i32, c: i32): bool {
  return load<u8>(<usize>table + <usize>c) != 0;
}

// The ahead characters: for each, its next occurrence at or after some start (units, and its byte), -2 not looked up.
const AHEAD_MAX: i32 = 8;
const aheadAtUnit = new StaticArray<i32>(AHEAD_MAX);
const aheadAtByte = new StaticArray<i32>(AHEAD_MAX);

const ONES: u64 = 0x0101010101010101;
const LOW7: u64 = 0x7f7f7f7f7f7f7f7f;

/** The high bit of each byte of `v` that is zero, and no other bit. */
@inline
function zeroBytes(v: u64): u64 {
  return ~(((v & LOW7) + LOW7) | v | LOW7);
}

/** The next occurrence of ahead character `x` at or after unit `u` (byte `i`), or -1. */
function nextAhead(x: i32, i: i32, u: i32): i32 {
  let at = unchecked(aheadAtUnit[x]);
  if (at != -1 && at < u) {
    const code = load<u8>(aheadChars + <usize>x);
    let p = i;
    let pu = u;
    at = -1;
    // Eight bytes at a time while none is the character or the lead byte of a full-width form:
    // the UTF-16 units they hold are the bytes that do not continue a character, plus one per
    // four-byte character. Then one character at a time until the next block boundary.
    const wanted = <u64>code * ONES;
    const fullWidth = <u64>0xef * ONES;
    while (p < n) {
      if (p + 8 <= n) {
        const w = load<u64>(base + p);
        if ((zeroBytes(w ^ wanted) | zeroBytes(w ^ fullWidth)) == 0) {
          const continuing = zeroBytes((w & 0xc0c0c0c0c0c0c0c0) ^ 0x8080808080808080);
          const fourByte = zeroBytes((w & 0xf0f0f0f0f0f0f0f0) ^ 0xf0f0f0f0f0f0f0f0);
          pu += 8 - <i32>popcnt(continuing) + <i32>popcnt(fourByte);
          p += 8;
          // A character cut by the block: on from its next lead byte, its units counted.
          while (p < n && (<i32>load<u8>(base + p) & 0xc0) == 0x80) p++;
          continue;
        }
      }
      const stop = p + 8 < n ? p + 8 : n;
      let found = false;
      while (p < stop) {
        const b = <i32>load<u8>(base + p);
        if (b < 0x80) {
          if (b == <i32>code) {
            found = true;
            break;
          }
          p++;
          pu++;
          continue;
        }
        // Only full-width ASCII (EF BC xx, EF BD xx) folds to an ASCII character.
        if (b == 0xef && charAt(p) == <i32>code) {
          found = true;
          break;
        }
        const length = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
        p += length;
        pu += length == 4 ? 2 : 1;
      }
      if (found) {
        at = pu;
        break;
      }
    }
    unchecked((aheadAtUnit[x] = at));
    unchecked((aheadAtByte[x] = p));
  }
  return at;
}

/** Whether an ahead character of the plan occurs within `aheadWithin` units after unit `u` (byte `i`). */
@inline
function aheadNear(i: i32, u: i32): bool {
  for (let x = 0; x < aheadCount; x++) {
    let at = unchecked(aheadAtUnit[x]);
    if (at != -1 && at < u) at = nextAhead(x, i, u);
    if (at != -1 && at - u <= aheadWithin) return true;
  }
  return false;
}

/** The run after an alnum run's next character (for `then`): its start, length, first character, and the two characters after it. */
let thenFor: i32 = -1;
let thenLength: i32 = 0;
let thenFirstCode: i32 = 0;
let thenNext: i32 = -1;
let thenFollow: i32 = -1;

/** Reads the alnum run starting at byte `p` (unit `pu`) for `then`, once per start. */
function measureThen(p: i32, pu: i32): void {
  if (thenFor == pu) return;
  thenFor = pu;
  let length = 0;
  let q = p;
  thenFirstCode = 0;
  while (q < n) {
    const c = charAt(q);
    if (c >= 0x80 || !isAlnum(c)) break;
    if (length == 0) thenFirstCode = c;
    length++;
    q += charBytes;
  }
  thenLength = length;
  thenNext = -1;
  thenFollow = -1;
  if (q < n) {
    thenNext = charAt(q);
    const r = q + charBytes;
    if (r < n) thenFollow = charAt(r);
  }
}

/** dispatch.ts thenFits for entry `e` with the measured run. */
function thenFits(e: i32): bool {
  const length = thenLength;
  if (!bit(entryField(e, E_THEN_ACCEPTS), length < LENGTH_CAP ? length : LENGTH_CAP)) return false;
  const first = entryField(e, E_THEN_FIRST);
  if (first != 0 && length > 0 && !bit(first, thenFirstCode)) return false;
  const next = entryField(e, E_THEN_NEXT);
  if (next != 0 && (thenNext < 0 || !bit(next, thenNext))) return false;
  const follow = entryField(e, E_THEN_FOLLOW);
  return follow == 0 || (thenFollow >= 0 && thenFollow < 0x80 && bit(follow, thenFollow));
}

/** dispatch.ts aheadFits for entry `e` at unit `u` (byte `i`). */
function aheadFits(e: i32, i: i32, u: i32): bool {
  const code = entryField(e, E_AHEAD);
  let x = 0;
  while (x < aheadCount && <i32>load<u8>(aheadChars + <usize>x) != code) x++;
  const at = nextAhead(x, i, u);
  if (at == -1 || at - u > entryField(e, E_WITHIN)) return false;
  const through = entryField(e, E_THROUGH);
  if (through == 0) return true;
  const cacheAt = throughFor + (<usize>e << 2);
  if (load<i32>(cacheAt) != at) {
    // Where the run of `through` characters before this occurrence begins.
    let q = unchecked(aheadAtByte[x]);
    let qu = at;
    while (q > 0) {
      const lead = leadBefore(q);
      const c = lastUnitAt(lead);
      if (c >= 0x80 || !bit(through, c)) break;
      q = lead;
      qu -= charUnits;
    }
    store<i32>(cacheAt, at);
    store<i32>(throughFrom + (<usize>e << 2), qu);
  }
  return u >= load<i32>(throughFrom + (<usize>e << 2));
}

/**
 * Tries the entries of list `list` at unit `u` (byte `i`): `length` units of run from there,
 * `runStart`, the character there and the one before (-1 at the text's start). `thenAt`: byte and
 * unit where an alnum run's `then` run starts (-1 for other places).
 */
function tryList(list: i32, i: i32, u: i32, length: i32, runStart: bool, code: i32, before: i32, thenAt: i32, thenUnit: i32): void {
  const from = load<i32>(listStarts + (<usize>list << 3));
  const count = load<i32>(listStarts + (<usize>list << 3) + 4);
  const slot = length < LENGTH_CAP ? length : LENGTH_CAP;
  for (let x = 0; x < count; x++) {
    const e = <i32>load<u16>(listItems + (<usize>(from + x) << 1));
    if (load<u8>(dead + <usize>entryField(e, E_PATTERN)) != 0) continue;
    const flags = entryField(e, E_FLAGS);
    if (!bit(entryField(e, E_ACCEPTS), slot)) continue;
    if (!runStart && (flags & F_INSIDE) == 0) continue;
    const first = entryField(e, E_FIRST);
    if (first != 0 && !bit(first, code)) continue;
    const notAfter = entryField(e, E_NOT_AFTER);
    if (notAfter != 0 && before >= 0 && before < 0x80 && bit(notAfter, before)) continue;
    if ((flags & F_THEN) != 0) {
      if (thenAt < 0) continue;
      measureThen(thenAt, thenUnit);
      if (!thenFits(e)) continue;
    }
    if (entryField(e, E_AHEAD) >= 0 && !aheadFits(e, i, u)) continue;
    const afterLast = entryField(e, E_AFTER_LAST);
    if (afterLast != 0 && before >= 0 && !bit(afterLast, before)) continue;
    if (out >= outEnd) {
      full = true;
      return;
    }
    store<i32>(out, u);
    store<i32>(out + 4, e);
    store<i32>(out + 8, length);
    out += TRY_BYTES;
  }
}

/**
 * Walks bytes [from, end) of the window at `window`: `unit` is the UTF-16 offset of byte `from`,
 * `before` the character before it (-1 at the text's start), `skipFirst` true when the alnum run
 * at `from` continues one before it (it is not tried). `deadPatterns`: 1 per dead pattern (its
 * entries are not tried); `hanBounds`: per Han next-character class, the live group's insideMax,
 * insideMin, afterLast table (0: none) and whether it has entries, i32 each; `hanOn` false when no
 * Han entry is live (Han runs are stepped over). Writes tries from `tries` up to `triesEnd`;
 * returns how many i32 it wrote.
 */
export function walk(
  window: usize,
  end: i32,
  from: i32,
  unit: i32,
  before: i32,
  skipFirst: bool,
  deadPatterns: usize,
  hanBounds: usize,
  hanOn: bool,
  tries: usize,
  triesEnd: usize,
): i32 {
  dead = deadPatterns;
  hanLive = hanBounds;
  base = window;
  n = end;
  out = tries;
  outEnd = triesEnd - TRY_BYTES;
  full = false;
  thenFor = -1;
  for (let x = 0; x < AHEAD_MAX; x++) {
    unchecked((aheadAtUnit[x] = -2));
    unchecked((aheadAtByte[x] = 0));
  }
  memory.fill(throughFor, 0xff, <usize>entryCount << 2);
  let i = from;
  let u = unit;
  let prev = before;
  while (i < n && !full) {
    let c = <i32>load<u8>(base + i);
    let bytes = 1;
    let units = 1;
    if (c >= 0x80) {
      c = charAt(i);
      bytes = charBytes;
      units = charUnits;
    }
    if (c < 0x80) {
      if (isAlnum(c)) {
        let e = i + bytes;
        let length = 1;
        let last = c;
        while (e < n) {
          let x = <i32>load<u8>(base + e);
          let xb = 1;
          if (x >= 0x80) {
            x = charAt(e);
            xb = charBytes;
          }
          if (x >= 0x80 || !isAlnum(x)) break;
          last = x;
          e += xb;
          length++;
        }
        let next = -1;
        let nextBytes = 0;
        if (e < n) {
          next = <i32>load<u8>(base + e);
          nextBytes = 1;
          if (next >= 0x80) {
            next = charAt(e);
            nextBytes = charBytes;
          }
        }
        const first = i == from && skipFirst;
        if (!first) {
          const slot = c * STRIDE + (length < LENGTH_CAP ? length : LENGTH_CAP);
          const table = aheadCount > 0 && aheadNear(i, u) ? alnumAheadTable : alnumTable;
          const listBase = <i32>load<u16>(table + (<usize>slot << 1));
          if (listBase != 0) {
            const cls = next < 0 ? 0 : <i32>load<u8>(alnumNextTable + <usize>next);
            const list = <i32>load<u16>(byClassTable + (<usize>(listBase * classes + cls) << 1));
            if (list != 0) tryList(list, i, u, length, true, c, prev, next < 0 ? -1 : e + nextBytes, u + length + 1);
          }
        }
        prev = last;
        u += length;
        i = e;
        continue;
      }
      const list = load<i32>(charLists + (<usize>c << 2));
      if (list >= 0) tryList(list, i, u, 0, true, c, prev, -1, -1);
      prev = c;
      i += bytes;
      u += 1;
      continue;
    }
    if (hanOn && isHan(c)) {
      const start = u;
      const startByte = i;
      let e = i + 3;
      u++;
      while (e + 2 < n) {
        const x = <i32>load<u8>(base + e);
        if (x < 0xe4 || x > 0xe9) break;
        const y = ((x & 0x0f) << 12) | ((<i32>load<u8>(base + e + 1) & 0x3f) << 6) | (<i32>load<u8>(base + e + 2) & 0x3f);
        if (!isHan(y)) break;
        e += 3;
        u++;
      }
      const next = e < n ? charAt(e) : -1;
      const cls = next < 0 ? 0 : <i32>load<u8>(hanNextTable + <usize>next);
      const list = load<i32>(hanGroups + (<usize>cls << 4));
      const bounds = hanLive + (<usize>cls << 4);
      const insideMax = load<i32>(bounds);
      const insideMin = load<i32>(bounds + 4);
      const afterLast = load<i32>(bounds + 8);
      if (load<i32>(bounds + 12) != 0) tryList(list, startByte, start, u - start, prev < 0 || !isHan(prev), c, prev, -1, -1);
      let p = u - insideMax;
      if (p < start + 1) p = start + 1;
      for (; p <= u - insideMin && !full && load<i32>(bounds + 12) != 0; p++) {
        const at = startByte + 3 * (p - start);
        const before = charAt(at - 3);
        if (afterLast != 0 && !bit(afterLast, before)) continue;
        tryList(list, at, p, u - p, false, charAt(at), before, -1, -1);
      }
      prev = charAt(e - 3);
      i = e;
      continue;
    }
    prev = units == 2 ? lastUnitAt(i) : c;
    i += bytes;
    u += units;
  }
  endUnits = u;
  return <i32>((out - tries) >> 2);
}
