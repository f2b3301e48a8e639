import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../lambdas/engine/checksums/luhn.js';
import { deviceIdDetector } from '../../../lambdas/engine/detectors/device-id.js';
import { scanSource } from '../../../lambdas/engine/scan.js';
import { canonicalValue } from '../../../lambdas/seal/identity.js';
import { csvText } from '../../../synthetic/files.js';
import { imei, imsi, macAddress } from '../../../synthetic/identifiers.js';
import { Rng } from '../../../synthetic/random.js';
import { bufferSource } from '../formats/read-parts.js';
import { findType, onlyFinding } from './find.js';

const rng = new Rng('device-id');
const IMEI = imei(rng);
const IMSI = imsi(rng);
const MAC = '3C:22:FB:1A:2B:3C';
/** The same 15 digits with a wrong check digit. */
const NOT_IMEI = `${IMEI.slice(0, 14)}${(Number(IMEI[14]) + 1) % 10}`;

describe('device_id detector (IMEI, IMSI, MAC address)', () => {
  it.each([
    [`IMEI：${IMEI}`, IMEI, 'imei'],
    [`手机串号 ${IMEI}`, IMEI, 'imei'],
    [`imei=${IMEI} app=3.2.1`, IMEI, 'imei'],
    [`IMSI: ${IMSI}`, IMSI, 'imsi'],
    [`MAC地址：${MAC}`, MAC, 'mac'],
    [`mac=${MAC.toLowerCase().replace(/:/g, '-')} ssid=office`, MAC.toLowerCase().replace(/:/g, '-'), 'mac'],
    [`MAC:${MAC}`, MAC, 'mac'],
    [`设备号 ${MAC}`, MAC, 'mac'],
  ])('finds %j right after a device label', (text, value, pattern) => {
    expect(onlyFinding(text)).toMatchObject({ type: 'device_id', detector: deviceIdDetector.id, pattern, basis: 'context', value });
  });

  it('finds an IMEI printed in groups (as on a phone\'s box, 2-6-6-1; 6-2-6-1 before 2004), its check digit over the digits', () => {
    const grouped = imei(new Rng('grouped'), { grouped: true });
    expect(onlyFinding(`IMEI ${grouped}`)).toMatchObject({ type: 'device_id', pattern: 'imei' });
    const old = `${IMEI.slice(0, 6)}-${IMEI.slice(6, 8)}-${IMEI.slice(8, 14)}-${IMEI.slice(14)}`;
    expect(onlyFinding(`IMEI ${old}`)).toMatchObject({ type: 'device_id', pattern: 'imei' });
    expect(findType(`IMEI ${old.slice(0, -1)}${NOT_IMEI[14]}`, 'device_id')).toEqual([]);
  });

  it.each([
    ['imei', IMEI],
    ['IMEI号', IMEI],
    ['device_id', IMEI],
    ['imsi', IMSI],
    ['mac', MAC],
    ['MAC Address', MAC],
    ['mac_addr', MAC],
  ])('finds a whole field under a %j column', (header, value) => {
    expect(findType(value, 'device_id', header)).toHaveLength(1);
  });

  it('needs its label: 15 digits or six hex pairs alone are any number (an order, a time, a hash)', () => {
    expect(findType(`订单 ${IMEI} 已发货`, 'device_id')).toEqual([]);
    expect(findType(`${MAC} ${IMSI}`, 'device_id')).toEqual([]);
    // `mac` inside a text is a Mac computer's: a user agent's times are no addresses.
    expect(findType('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) 12:30:45:10:20:30', 'device_id')).toEqual([]);
  });

  it('refuses an IMEI whose check digit fails, and an IMSI of another country or network', () => {
    expect(findType(`IMEI：${NOT_IMEI}`, 'device_id')).toEqual([]);
    expect(findType('IMSI：310150123456789', 'device_id')).toEqual([]);
    expect(findType('IMSI：460991234567890', 'device_id')).toEqual([]);
  });

  it.each(['00:00:00:00:00:00', 'FF:FF:FF:FF:FF:FF', '02:00:00:00:00:00', 'ff-ff-ff-ff-ff-ff'])('refuses the placeholder MAC address %s', (mac) => {
    expect(findType(`MAC：${mac}`, 'device_id')).toEqual([]);
  });

  it('refuses six pairs inside a longer run of pairs (an IPv6 piece, a hash written in pairs)', () => {
    expect(findType('MAC：3C:22:FB:1A:2B:3C:4D', 'device_id')).toEqual([]);
    expect(findType('MAC：11:3C:22:FB:1A:2B:3C', 'device_id')).toEqual([]);
  });

  it.each([
    ['idfa', '6D92078A-8246-4BA4-AE5B-76104861E7DC'],
    ['OAID', 'c4a9e0f1-7b2d-4e3a-9f1c-2d3e4f5a6b7c'],
    ['android_id', '9774d56d682e549c'],
    ['device_id', '6D92078A-8246-4BA4-AE5B-76104861E7DC'],
  ])('finds an advertising or device id (a UUID, 16 hex digits) as a whole field under a %j column', (header, value) => {
    expect(findType(value, 'device_id', header)).toHaveLength(1);
  });

  it('an advertising id right after its key or label (`"idfa": "…"`, `idfa=`), not a UUID under another (a request\'s, a file\'s)', async () => {
    const uuid = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
    const json = JSON.stringify([{ idfa: uuid, requestId: uuid.replace('6D', '7D') }]);
    expect((await scanSource(bufferSource('ads.json', Buffer.from(json)), 'ads.json')).counts).toEqual({ device_id: 1 });
    expect(findType(`idfa=${uuid} requestId=${uuid.replace('6D', '7D')}`, 'device_id')).toEqual([expect.objectContaining({ pattern: 'ad-id', value: uuid })]);
    expect(findType(uuid, 'device_id', 'request_id')).toEqual([]);
    expect(findType(`trace=${uuid}`, 'device_id')).toEqual([]);
  });

  it('refuses an IDFA of zeros (tracking limited)', () => {
    expect(findType('00000000-0000-0000-0000-000000000000', 'device_id', 'idfa')).toEqual([]);
  });

  it('canonical form: an IMEI however grouped, a MAC whatever its separators and case, are one device', () => {
    const grouped = `${IMEI.slice(0, 2)}-${IMEI.slice(2, 8)}-${IMEI.slice(8, 14)}-${IMEI.slice(14)}`;
    expect(canonicalValue('device_id', grouped)).toBe(canonicalValue('device_id', IMEI));
    expect(canonicalValue('device_id', '3c-22-fb-1a-2b-3c')).toBe(canonicalValue('device_id', MAC));
  });

  it('a device log of an app (IMEIs, IMSIs and MAC addresses, nothing else) is sensitive, not public (it was public)', async () => {
    const log = Array.from(
      { length: 20 },
      (_, i) => `2024-11-01 10:${String(i).padStart(2, '0')}:00 INFO register imei=${imei(rng)} imsi=${imsi(rng)} mac=${macAddress(rng)} os=android`,
    ).join('\n');
    const report = await scanSource(bufferSource('device.log', Buffer.from(`${log}\n`)), 'device.log');
    expect(report).toMatchObject({ sensitivity: 'sensitive', counts: { device_id: 60 } });
  });

  it('a phone shop\'s sales list: the IMEI column', async () => {
    const rows = [['订单号', '机型', 'IMEI'], ...Array.from({ length: 20 }, (_, i) => [`SO${1000 + i}`, 'Mate 60', imei(rng)])];
    const report = await scanSource(bufferSource('sales.csv', Buffer.from(csvText(rows))), 'sales.csv');
    expect(report.counts.device_id).toBe(20);
  });

  it('generator: IMEIs pass Luhn', () => {
    for (let i = 0; i < 50; i++) {
      const value = imei(rng);
      expect(value).toMatch(/^\d{15}$/);
      expect(luhnCheckDigit(value.slice(0, 14))).toBe(value[14]);
    }
  });
});
