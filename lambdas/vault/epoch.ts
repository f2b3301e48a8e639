/**
 * Epoch arithmetic: an epoch is named by its first month, "YYYY-MM", and covers `epochMonths`
 * months. Epochs follow each other from the vault's first epoch without gaps. Pure functions, UTC.
 */
import { EPOCH_PATTERN } from '../../contract/patterns.js';

/** True for "YYYY-MM". */
export function isEpoch(value: string): boolean {
  return EPOCH_PATTERN.test(value);
}

function monthIndex(epoch: string): number {
  if (!isEpoch(epoch)) throw new RangeError(`epoch ${JSON.stringify(epoch)} is not "YYYY-MM"`);
  const [year, month] = epoch.split('-').map(Number) as [number, number];
  return year * 12 + (month - 1);
}

function fromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The epoch `months` months after `epoch` (negative: before). */
export function addMonths(epoch: string, months: number): string {
  return fromIndex(monthIndex(epoch) + months);
}

/** First instant of an epoch. */
export function epochStart(epoch: string): Date {
  const index = monthIndex(epoch);
  return new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));
}

/** First instant after an epoch of `epochMonths` months. */
export function epochEnd(epoch: string, epochMonths: number): Date {
  return epochStart(addMonths(epoch, epochMonths));
}

/** The epoch that contains `now`, counting epochs of `epochMonths` months from `firstEpoch`. */
export function epochContaining(now: Date, firstEpoch: string, epochMonths: number): string {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const first = monthIndex(firstEpoch);
  const steps = Math.floor((current - first) / epochMonths);
  return fromIndex(first + steps * epochMonths);
}
