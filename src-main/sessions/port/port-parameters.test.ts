import { describe, expect, it } from 'vitest';
import { choosePortMode, parsePortParameters } from './port-parameters.js';

describe('parsePortParameters: Go re-marshals the Properties map and decodes it into PortParameters', () => {
  it('matches keys case-insensitively (portsession_test: "PortNumber")', () => {
    expect(parsePortParameters({ PortNumber: '22' }).portNumber).toBe('22');
    expect(parsePortParameters({ portNumber: '8080', type: 'LocalPortForwarding' })).toEqual({
      portNumber: '8080',
      localPortNumber: '',
      localUnixSocket: '',
      localConnectionType: '',
      type: 'LocalPortForwarding',
    });
  });

  it('among keys differing only in case, the one that sorts last (bytewise) wins, as after Go sorts map keys', () => {
    // "PortNumber" < "portNumber" bytewise, so portNumber is applied last whatever the input order.
    expect(parsePortParameters({ portNumber: 'lower', PortNumber: 'upper' }).portNumber).toBe('lower');
    expect(parsePortParameters({ PortNumber: 'upper', portNumber: 'lower' }).portNumber).toBe('lower');
  });

  it('a field of the wrong type reads as empty; the others are kept; a non-object gives all empty', () => {
    expect(parsePortParameters({ portNumber: 22, type: 'LocalPortForwarding' })).toMatchObject({
      portNumber: '',
      type: 'LocalPortForwarding',
    });
    expect(parsePortParameters(null).portNumber).toBe('');
    expect(parsePortParameters(['x']).type).toBe('');
  });

  it('chooses mux above 3.0.196.0, basic otherwise, stream without LocalPortForwarding (§11.1)', () => {
    const local = parsePortParameters({ portNumber: '8080', type: 'LocalPortForwarding' });
    expect(choosePortMode(local, '3.1.0.0')).toBe('mux');
    expect(choosePortMode(local, '2.2.0.0')).toBe('basic');
    expect(choosePortMode(parsePortParameters({ PortNumber: '22' }), '3.1.0.0')).toBe('stream');
  });
});
