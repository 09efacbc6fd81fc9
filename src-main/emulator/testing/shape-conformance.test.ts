import { describe, expect, it } from 'vitest';
import { ShapeChecker, type FullModel } from './shape-conformance.js';
import { parseXml } from './tiny-xml.js';

const MODEL: FullModel = {
  metadata: { protocol: 'json' },
  operations: {},
  shapes: {
    Output: {
      type: 'structure',
      required: ['Id'],
      members: {
        Id: { shape: 'Str', locationName: 'id' },
        State: { shape: 'State', locationName: 'state' },
        Count: { shape: 'Int', locationName: 'count' },
        Items: { shape: 'Items', locationName: 'itemSet' },
      },
    },
    Items: { type: 'list', member: { shape: 'Str', locationName: 'item' } },
    Str: { type: 'string' },
    Int: { type: 'integer' },
    State: { type: 'string', enum: ['on', 'off'] },
  },
};

// The conformance test is only as good as this checker: it must see each kind of mismatch.
describe('ShapeChecker', () => {
  it('finds unknown members, missing required ones, wrong types and foreign enum values in JSON', () => {
    const checker = new ShapeChecker(MODEL);
    checker.json('Output', { state: 'maybe', count: 1.5, itemSet: ['a', 2], extra: true });
    expect(checker.problems).toEqual([
      '.extra: not a member of Output',
      '.Id: required member missing',
      ".State: 'maybe' is not one of on, off",
      '.Count: expected an integer, got 1.5',
      '.Items[1]: expected a string, got 2',
    ]);
    const clean = new ShapeChecker(MODEL);
    clean.json('Output', { id: 'x', state: 'on', count: 2, itemSet: ['a'] });
    expect(clean.problems).toEqual([]);
  });

  it('does the same for XML, with EC2 item lists', () => {
    const checker = new ShapeChecker(MODEL);
    checker.xml(
      'Output',
      parseXml(
        '<Output><state>maybe</state><count>x</count><itemSet><member>a</member></itemSet><bogus/></Output>',
      ),
      '',
      'ec2',
    );
    expect(checker.problems).toEqual([
      ".State: 'maybe' is not one of on, off",
      ".Count: expected an integer, got 'x'",
      '.Items[0]: expected <item>, got <member>',
      '.bogus: not a member of Output',
      '.Id: required member missing',
    ]);
  });

  it('parses entities and refuses broken documents', () => {
    expect(parseXml('<?xml version="1.0"?><a x="1"><b>&lt;&#38;&#x41;</b><c/></a>')).toEqual({
      name: 'a',
      text: '',
      children: [
        { name: 'b', text: '<&A', children: [] },
        { name: 'c', text: '', children: [] },
      ],
    });
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>text<b/></a>')).toThrow('mixed content');
  });
});
