import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/shared/ip-ranges.js';

describe('isPublicAddress', () => {
  it('accepts hosts on the public internet', () => {
    for (const address of ['8.8.8.8', '93.184.215.14', '100.128.0.1', '172.32.0.1', '2a00:1450:4010:c05::8a', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('refuses loopback, private, CGNAT, link-local, unspecified, multicast and reserved ranges', () => {
    for (const address of [
      '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '100.127.255.255',
      '169.254.169.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1', '192.0.2.1', '198.18.0.1',
      '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '2001:db8::1', 'fec0::1', '[::1]',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('sees through IPv6 forms that carry an IPv4 address', () => {
    for (const address of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a00:1', '2002:7f00:1::', '2002:c0a8:101::1', '::127.0.0.1', '2001::1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('refuses what is not an IP address', () => {
    for (const text of ['localhost', '', '127.0.0.1.nip.io', '1.2.3', 'http://8.8.8.8']) expect(isPublicAddress(text), text).toBe(false);
  });
});
