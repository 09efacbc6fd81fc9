import { describe, expect, it } from 'vitest';
import { ProtocolError } from './codec/protocol-error.js';
import {
  goBool,
  goBytes,
  goInt,
  goInt64,
  goInterface,
  goRawMessage,
  goSlice,
  goString,
  goStruct,
  goUnmarshal,
  goUnmarshalStrict,
} from './go-json-unmarshal.js';

const Inner = goStruct('Inner', { Name: goString, Count: goInt });
const Sample = goStruct('Sample', {
  Text: goString,
  Number: goInt64,
  Flag: goBool,
  Data: goBytes,
  Raw: goRawMessage,
  Any: goInterface,
  List: goSlice(goString),
  Items: goSlice(Inner),
  Inner,
});

const ZERO = {
  Text: '',
  Number: 0,
  Flag: false,
  Data: null,
  Raw: { kind: 'null' },
  Any: null,
  List: null,
  Items: null,
  Inner: { Name: '', Count: 0 },
};

describe('goUnmarshal: json.Unmarshal into a struct', () => {
  it('a missing field is its zero value; unknown keys are ignored', () => {
    expect(goUnmarshal('{"Other":1}', Sample)).toEqual({ value: ZERO, error: undefined });
  });

  it('decodes every field type', () => {
    const { value, error } = goUnmarshal(
      '{"Text":"t","Number":-9007199254740991,"Flag":true,"Data":"YQ==","Raw":{"x":[1]},"Any":{"a":[1.5,"s",null]},' +
        '"List":["a","b"],"Items":[{"Name":"n","Count":2}],"Inner":{"Name":"i"}}',
      Sample,
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({
      Text: 't',
      Number: -9007199254740991,
      Flag: true,
      Data: Buffer.from('a'),
      Raw: {
        kind: 'object',
        entries: [['x', { kind: 'array', items: [{ kind: 'number', literal: '1' }] }]],
      },
      Any: { a: [1.5, 's', null] },
      List: ['a', 'b'],
      Items: [{ Name: 'n', Count: 2 }],
      Inner: { Name: 'i', Count: 0 },
    });
  });

  it('matches keys case-insensitively (with ſ and the Kelvin sign, as Go folds them); the last match wins', () => {
    expect(goUnmarshal('{"text":"a","TEXT":"b"}', Sample).value.Text).toBe('b');
    expect(goUnmarshal('{"ſtatus":"x","Text":"c","teXt":"d"}', Sample).value.Text).toBe('d');
    const Kind = goStruct('Kind', { Kind: goString, Status: goString });
    expect(goUnmarshal('{"\u212aind":"kelvin","\u017ftatus":"long s"}', Kind).value).toEqual({
      Kind: 'kelvin',
      Status: 'long s',
    });
    // toUpperCase would match these; Go does not.
    const Message = goStruct('Message', { MessageId: goString, Id: goString });
    expect(goUnmarshal('{"Meßageid":"x","ıd":"y"}', Message).value).toEqual({ MessageId: '', Id: '' });
  });

  it('a field of the wrong type is skipped, the others are still decoded, the first error is reported', () => {
    const { value, error } = goUnmarshal('{"Number":"5","Text":"kept","Flag":1}', Sample);
    expect(value).toEqual({ ...ZERO, Text: 'kept' });
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error?.code).toBe('invalid-payload');
    expect(error?.message).toBe(
      'json: cannot unmarshal string into Go struct field Sample.Number of type int64',
    );
  });

  it('int fields take only integer literals within int64 (as strconv.ParseInt)', () => {
    for (const literal of ['1.0', '1e3', '1.5', '9223372036854775808', '-9223372036854775809']) {
      const { value, error } = goUnmarshal(`{"Number":${literal}}`, Sample);
      expect(value.Number, literal).toBe(0);
      expect(error?.message, literal).toContain(`number ${literal}`);
    }
    expect(goUnmarshal('{"Number":9223372036854775807}', Sample).error).toBeUndefined();
    expect(goUnmarshal('{"Number":-0}', Sample).value.Number).toBe(0);
  });

  it('null keeps a string, number, bool or struct as it was and sets slices and interfaces to nil', () => {
    const { value, error } = goUnmarshal(
      '{"Text":"a","Text":null,"Number":3,"Number":null,"Flag":true,"Flag":null,"Inner":{"Name":"n"},"Inner":null,' +
        '"List":["x"],"List":null,"Any":1,"Any":null,"Data":"YQ==","Data":null,"Raw":null}',
      Sample,
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ ...ZERO, Text: 'a', Number: 3, Flag: true, Inner: { Name: 'n', Count: 0 } });
  });

  it('a repeated struct key decodes on top of the earlier value (Go decodes into the existing struct)', () => {
    expect(goUnmarshal('{"Inner":{"Name":"n"},"Inner":{"Count":4}}', Sample).value.Inner).toEqual({
      Name: 'n',
      Count: 4,
    });
    expect(
      goUnmarshal('{"Items":[{"Name":"a","Count":1}],"Items":[{"Count":2}]}', Sample).value.Items,
    ).toEqual([{ Name: 'a', Count: 2 }]);
  });

  it('type errors inside slices and nested structs skip only that element or field', () => {
    const { value, error } = goUnmarshal(
      '{"List":["a",1,"c"],"Items":[{"Name":5,"Count":1}],"Inner":[]}',
      Sample,
    );
    expect(value.List).toEqual(['a', '', 'c']);
    expect(value.Items).toEqual([{ Name: '', Count: 1 }]);
    expect(value.Inner).toEqual({ Name: '', Count: 0 });
    expect(error?.message).toContain('Sample.List of type string');
    expect(goUnmarshal('{"List":"x"}', Sample).error?.message).toContain('of type []string');
  });

  it('[]byte: standard base64 with padding, CR/LF ignored; anything else is an error', () => {
    expect(goUnmarshal('{"Data":"YW\\r\\nJj"}', Sample).value.Data).toEqual(Buffer.from('abc'));
    for (const bad of ['"YQ"', '"YQ==="', '"*"', '5']) {
      const { value, error } = goUnmarshal(`{"Data":${bad},"Text":"t"}`, Sample);
      expect(value.Data, bad).toBeNull();
      expect(value.Text).toBe('t');
      expect(error, bad).toBeInstanceOf(ProtocolError);
    }
  });

  it('interface{}: a number float64 cannot hold is an error; "__proto__" is an ordinary key', () => {
    expect(goUnmarshal('{"Any":[1e400]}', Sample).error?.message).toContain('of type float64');
    const any = goUnmarshal('{"Any":{"__proto__":{"x":1}}}', Sample).value.Any as Record<string, unknown>;
    expect(Object.keys(any)).toEqual(['__proto__']);
    expect((any as { x?: unknown }).x).toBeUndefined();
  });

  it('top level: null is a no-op, any other non-object is a type error, bad syntax decodes nothing', () => {
    expect(goUnmarshal('null', Sample)).toEqual({ value: ZERO, error: undefined });
    expect(goUnmarshal('[1]', Sample).error?.message).toContain('of type Sample');
    const broken = goUnmarshal('{"Text":"a",', Sample);
    expect(broken.value).toEqual(ZERO);
    expect(broken.error?.code).toBe('invalid-payload');
  });

  it('goUnmarshalStrict throws the first error and returns the value otherwise', () => {
    expect(() => goUnmarshalStrict('{"Flag":"yes"}', Sample)).toThrow(ProtocolError);
    expect(goUnmarshalStrict(Buffer.from('{"Flag":true}'), Sample).Flag).toBe(true);
  });
});
