/** Default masking: keeps the first 3 and last 2 characters, stars in between (`138******78`). */
export function defaultMask(value: string, keepStart = 3, keepEnd = 2): string {
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(-keepEnd);
}
