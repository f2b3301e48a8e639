/**
 * Email addresses: an RFC 5321-ish dot-atom local part and a domain with at least one dot and an
 * alphabetic top-level label. The local part may not start inside a longer run of local-part
 * characters, which keeps the scan linear on long alphanumeric lines.
 */
import type { Detector } from '../types.js';
import { globalRegex } from './regex-parts.js';
import { withSpellings } from './traditional.js';

/** Characters of a local part. */
const LOCAL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/** Email detector: `email`, shape only, reported without context. */
export const emailDetector: Detector = {
  id: 'email.shape',
  type: 'email',
  // An `@` between a local part and a dotted domain is rarely an accident.
  strength: 3,
  patterns: [
    {
      name: 'address',
      regex: globalRegex('(?<![A-Za-z0-9._%+-])', `[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:${LABEL}\\.)+[A-Za-z]{2,24}`, '(?![A-Za-z0-9-])'),
      score: 0.85,
      // The local part is at most 64 characters, so its `@` is near.
      triggers: [{ run: 'alnum', ahead: { char: '@', within: 64, through: LOCAL } }],
    },
  ],
  context: withSpellings(['email', 'e-mail', 'mail', '邮箱', '邮件', '电邮']),
  verbatim: true,
  mask: (value) => {
    const at = value.lastIndexOf('@');
    return `${value[0]}***${value.slice(at)}`;
  },
};
