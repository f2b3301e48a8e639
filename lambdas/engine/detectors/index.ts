/**
 * The detector registry. Adding a detector is one file in this folder and one line in DETECTORS.
 * Order matters only for ties: the matcher resolves overlaps by score, strength, then length.
 */
import { addressDetector } from './address.js';
import { bankAccountDetector } from './bank-account.js';
import { bankCardDetector } from './bank-card.js';
import { cnNameDetector } from './cn-name.js';
import { dateOfBirthDetector } from './date-of-birth.js';
import { deviceIdDetector } from './device-id.js';
import { emailDetector } from './email.js';
import { geoCoordinatesDetector } from './geo-coordinates.js';
import { healthInsuranceIdDetector } from './health-insurance-id.js';
import { hkIdDetector } from './hk-id.js';
import { hkMacauPermitDetector } from './hk-macau-permit.js';
import { hkMoTwPhoneDetector } from './hk-mo-tw-phone.js';
import { ipv4Detector } from './ipv4.js';
import { ipv6Detector } from './ipv6.js';
import { landlineDetector } from './landline.js';
import { licensePlateDetector } from './license-plate.js';
import { mobileDetector } from './mobile.js';
import { moIdDetector } from './mo-id.js';
import { passportDetector } from './passport.js';
import { qqDetector } from './qq.js';
import { residentIdDetector } from './resident-id.js';
import { travelPermitHkMoDetector } from './travel-permit-hk-mo.js';
import { travelPermitTwDetector } from './travel-permit-tw.js';
import { twIdDetector } from './tw-id.js';
import { usccDetector } from './uscc.js';
import { wechatIdDetector } from './wechat-id.js';
import type { Detector } from '../types.js';

/** Every detector the engine runs by default. */
export const DETECTORS: readonly Detector[] = [
  residentIdDetector,
  mobileDetector,
  landlineDetector,
  hkMoTwPhoneDetector,
  bankCardDetector,
  usccDetector,
  passportDetector,
  hkMacauPermitDetector,
  emailDetector,
  ipv4Detector,
  cnNameDetector,
  hkIdDetector,
  moIdDetector,
  twIdDetector,
  travelPermitHkMoDetector,
  travelPermitTwDetector,
  addressDetector,
  licensePlateDetector,
  dateOfBirthDetector,
  bankAccountDetector,
  ipv6Detector,
  geoCoordinatesDetector,
  qqDetector,
  wechatIdDetector,
  deviceIdDetector,
  healthInsuranceIdDetector,
];

export {
  addressDetector,
  bankAccountDetector,
  bankCardDetector,
  cnNameDetector,
  dateOfBirthDetector,
  deviceIdDetector,
  emailDetector,
  geoCoordinatesDetector,
  hkIdDetector,
  hkMacauPermitDetector,
  hkMoTwPhoneDetector,
  ipv4Detector,
  ipv6Detector,
  landlineDetector,
  licensePlateDetector,
  mobileDetector,
  moIdDetector,
  passportDetector,
  qqDetector,
  residentIdDetector,
  travelPermitHkMoDetector,
  travelPermitTwDetector,
  twIdDetector,
  usccDetector,
  wechatIdDetector,
};
