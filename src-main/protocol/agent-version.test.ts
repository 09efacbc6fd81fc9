import { describe, expect, it } from 'vitest';
import { AgentVersionThreshold, isVersionGreaterThan } from './agent-version.js';

// src/version/versionvalidator_test.go and versionutil_test.go (spec §11.1).
describe('§7.3 version comparison', () => {
  it('TCP multiplexing (> 3.0.196.0)', () => {
    const threshold = AgentVersionThreshold.tcpMultiplexing;
    expect(threshold).toBe('3.0.196.0');
    for (const version of ['3.0.196.0', '1.2.3.4', '2.3.4.5', '3.0.195.100', '2.99.1000.0']) {
      expect(isVersionGreaterThan(version, threshold), version).toBe(false);
    }
    for (const version of ['3.1.0.0', '3.0.197.0', '3.0.196.1', '4.0.0.0']) {
      expect(isVersionGreaterThan(version, threshold), version).toBe(true);
    }
  });

  it('TerminateSession flag (> 2.3.722.0)', () => {
    const threshold = AgentVersionThreshold.terminateSessionFlag;
    expect(threshold).toBe('2.3.722.0');
    for (const version of ['2.3.722.0', '2.3.721.100', '2.3.614.0']) {
      expect(isVersionGreaterThan(version, threshold), version).toBe(false);
    }
    for (const version of ['2.3.723.0', '2.3.750.0']) {
      expect(isVersionGreaterThan(version, threshold), version).toBe(true);
    }
  });

  it('disable smux keepalive (> 3.1.1511.0)', () => {
    const threshold = AgentVersionThreshold.disableSmuxKeepAlive;
    expect(threshold).toBe('3.1.1511.0');
    expect(isVersionGreaterThan('3.1.1476.0', threshold)).toBe(false);
    expect(isVersionGreaterThan('3.1.1511.0', threshold)).toBe(false);
    expect(isVersionGreaterThan('3.1.1600.0', threshold)).toBe(true);
  });

  it('edge cases: length mismatch, empty and non-numeric versions are false', () => {
    expect(isVersionGreaterThan('1.4.1.2.4.1', '3.0.0.0')).toBe(false);
    expect(isVersionGreaterThan('4.4.1.2.4.1', '3.0.0.0')).toBe(false);
    for (const version of ['', '3,0.0.0', 'randomString', '3.0.0.x', '3..0.0', '-4.0.0.0', ' 4.0.0.0']) {
      expect(isVersionGreaterThan(version, '3.0.0.0'), JSON.stringify(version)).toBe(false);
    }
    expect(isVersionGreaterThan('4.0.0.0', '')).toBe(false);
    expect(isVersionGreaterThan('4.0.0.0', 'x')).toBe(false);
  });

  it('versionutil_test values: numeric (not lexical) comparison part by part', () => {
    expect(isVersionGreaterThan('2.3.617.9', '2.3.56.9')).toBe(true);
    expect(isVersionGreaterThan('2.3.56.9', '2.3.617.9')).toBe(false);
    expect(isVersionGreaterThan('2.3.617.9', '2.10.763.9')).toBe(false);
    expect(isVersionGreaterThan('2.10.763.9', '2.3.617.9')).toBe(true);
    // "2.3.56.0" vs "2.5.45" is an error in versionutil; here a length mismatch is simply false.
    expect(isVersionGreaterThan('2.3.56.0', '2.5.45')).toBe(false);
    expect(isVersionGreaterThan('2.5.45', '2.3.56.0')).toBe(false);
    expect(isVersionGreaterThan('2.3.525.0', '2.3.525.0')).toBe(false);
    expect(isVersionGreaterThan('10', '9')).toBe(true);
  });
});
