/**
 * The detector registry. Adding a detector is one file in this folder and one line in DETECTORS.
 * Order matters only for ties: the matcher resolves overlaps by score, strength, then length.
 */
import { bankCardDetector } from './bank-card.js';
import { cnNameDetector } from './cn-name.js';
import { emailDetector } from './email.js';
import { hkMacauPermitDetector } from './hk-macau-permit.js';
import { ipv4Detector } from './ipv4.js';
import { landlineDetector } from './landline.js';
import { mobileDetector } from './mobile.js';
import { passportDetector } from './passport.js';
import { residentIdDetector } from './resident-id.js';
import { usccDetector } from './uscc.js';
import type { Detector } from '../types.js';

/** Every detector the engine runs by default. */
export const DETECTORS: readonly Detector[] = [
  residentIdDetector,
  mobileDetector,
  landlineDetector,
  bankCardDetector,
  usccDetector,
  passportDetector,
  hkMacauPermitDetector,
  emailDetector,
  ipv4Detector,
  cnNameDetector,
];

export {
  bankCardDetector,
  cnNameDetector,
  emailDetector,
  hkMacauPermitDetector,
  ipv4Detector,
  landlineDetector,
  mobileDetector,
  passportDetector,
  residentIdDetector,
  usccDetector,
};
