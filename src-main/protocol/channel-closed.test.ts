import { describe, expect, it } from 'vitest';
import { channelClosedPayload, channelClosedText, parseChannelClosed } from './channel-closed.js';

describe('§4.6 channel_closed payloads', () => {
  it('TestClientMessage_DeserializeChannelClosedMessage: CreatedDate is a string', () => {
    const payload = Buffer.from(
      '{"MessageType":"channel_closed","MessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","CreatedDate":"1503434274948","SessionId":"sessionId_01234567890abcedf","SchemaVersion":1,"Output":"payload"}',
    );
    expect(parseChannelClosed(payload)).toEqual({
      messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      createdDate: '1503434274948',
      destinationId: '',
      sessionId: 'sessionId_01234567890abcedf',
      schemaVersion: 1,
      output: 'payload',
    });
  });

  it('TestDeserializeAgentMessageWithChannelClosed: the agent variant has no Output', () => {
    const payload = Buffer.from(
      '{"MessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","CreatedDate":"2018-01-01","DestinationId":"destination-id","SessionId":"sessionId_01234567890abcedf","MessageType":"channel_closed","SchemaVersion":1}',
    );
    const parsed = parseChannelClosed(payload);
    expect(parsed?.destinationId).toBe('destination-id');
    expect(parsed?.createdDate).toBe('2018-01-01');
    expect(parsed?.output).toBe('');
  });

  it('matches keys case-insensitively, as Go does', () => {
    const parsed = parseChannelClosed(Buffer.from('{"output":"bye","sessionid":"s-1","schemaversion":1}'));
    expect(parsed).toMatchObject({ output: 'bye', sessionId: 's-1', schemaVersion: 1 });
  });

  it('builds the body with Go field order: MessageId, CreatedDate, DestinationId, SessionId, MessageType, SchemaVersion, Output', () => {
    const body = channelClosedPayload({
      messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      createdDate: '1503434274948',
      destinationId: 'destination-id',
      sessionId: 'sessionId_01234567890abcedf',
      schemaVersion: 1,
      output: '',
    });
    expect(body.toString()).toBe(
      '{"MessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","CreatedDate":"1503434274948","DestinationId":"destination-id","SessionId":"sessionId_01234567890abcedf","MessageType":"channel_closed","SchemaVersion":1,"Output":""}',
    );
    expect(parseChannelClosed(body)).toMatchObject({ destinationId: 'destination-id', output: '' });
  });

  it('uses what json.Unmarshal filled in whatever its error, as HandleChannelClosedMessage does', () => {
    // A bad SchemaVersion is skipped; the Output is still shown.
    expect(parseChannelClosed(Buffer.from('{"SchemaVersion":"1","Output":"bye"}'))).toMatchObject({
      schemaVersion: 0,
      output: 'bye',
    });
    expect(
      parseChannelClosed(
        Buffer.from('{"Output":"kept","CreatedDate":1503434274948,"MessageType":true,"SchemaVersion":1.5}'),
      ),
    ).toMatchObject({ output: 'kept', createdDate: '', schemaVersion: 0 });
    expect(
      parseChannelClosed(Buffer.from('{"Output":null,"SchemaVersion":null,"output":"last wins"}')),
    ).toMatchObject({ output: 'last wins', schemaVersion: 0 });
    expect(parseChannelClosed(Buffer.from('{"Output":"a","Output":null}')).output).toBe('a');
  });

  it('a body that is not a JSON object leaves every field empty (the plain exit text is printed)', () => {
    for (const bad of ['', 'garbage', '[1]', '"text"', 'null', '{"Output":5}', '{"Output":"x",']) {
      expect(parseChannelClosed(Buffer.from(bad)), bad).toEqual({
        messageId: '',
        createdDate: '',
        destinationId: '',
        sessionId: '',
        schemaVersion: 0,
        output: '',
      });
    }
  });
});

describe('§4.6 exit texts (the client prints its own SessionId)', () => {
  it('empty or missing Output → "Exiting session with sessionId"', () => {
    expect(channelClosedText('sess-1', '')).toBe('\n\nExiting session with sessionId: sess-1.\n\n');
    expect(channelClosedText('sess-1', undefined)).toBe('\n\nExiting session with sessionId: sess-1.\n\n');
  });

  it('non-empty Output → "SessionId: <id> : <Output>"', () => {
    expect(channelClosedText('sess-1', 'payload')).toBe('\n\nSessionId: sess-1 : payload\n\n');
  });
});
