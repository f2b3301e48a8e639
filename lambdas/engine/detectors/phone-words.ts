/**
 * The context words the phone detectors share the rules of: `phone` names no phone number in the
 * names of devices that hold it (`iPhone`, `smartphone`, `headphone`, `earphone`, `microphone`).
 * With `phone` as context, `iPhone 15 Pro 057188886666` (an order's serial number) was a landline
 * until engine 0.3.9 (Detector.contextNotAfter).
 */
export const PHONE_NOT_AFTER: Readonly<Record<string, readonly string[]>> = { phone: ['i', 'smart', 'head', 'ear', 'micro'] };
