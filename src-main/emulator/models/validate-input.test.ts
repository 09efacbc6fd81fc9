import { describe, expect, it } from 'vitest';
import type { ApiError } from '../api/aws-errors.js';
import type { InputModel } from './input-model.js';
import { INPUT_MODELS } from './input-models.js';
import { validateInput } from './validate-input.js';

function failure(model: InputModel, operation: string, input: Record<string, unknown>): ApiError {
  try {
    validateInput(model, operation, input);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a validation failure');
}

const ssm = INPUT_MODELS.ssm;
const kms = INPUT_MODELS.kms;

describe('validateInput (Coral validation from the model)', () => {
  it('passes what the model allows, and ignores members it does not know', () => {
    expect(() =>
      validateInput(ssm, 'StartSession', {
        Target: 'i-0123456789abcdef0',
        DocumentName: 'AWS-StartPortForwardingSession',
        Reason: 'deploy 42',
        Parameters: { portNumber: ['80'] },
        Unknown: { anything: true },
      }),
    ).not.toThrow();
  });

  it('names required members that are missing, in lowerCamelCase', () => {
    const error = failure(ssm, 'StartSession', {});
    expect([error.code, error.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('reports every violation at once: a reason with a line break, a document name off the pattern', () => {
    const error = failure(ssm, 'StartSession', { Target: 'i-1', DocumentName: 'a b', Reason: 'two\nlines' });
    expect(error.message).toBe(
      '2 validation errors detected: ' +
        "Value 'a b' at 'documentName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$; " +
        "Value 'two\nlines' at 'reason' failed to satisfy constraint: Member must satisfy regular expression pattern: ^.{1,256}$",
    );
    const long = failure(ssm, 'StartSession', { Target: 'i-1', Reason: 'x'.repeat(257) });
    expect(long.message).toContain(
      "at 'reason' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    const empty = failure(ssm, 'StartSession', { Target: 'i-1', Reason: '' });
    expect(empty.message).toBe(
      '2 validation errors detected: ' +
        "Value '' at 'reason' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'reason' failed to satisfy constraint: Member must satisfy regular expression pattern: ^.{1,256}$",
    );
  });

  it('reports map values in the nested form: an empty parameter value', () => {
    const error = failure(ssm, 'StartSession', { Target: 'i-1', Parameters: { command: [''] } });
    expect(error.message).toBe(
      "1 validation error detected: Value '{command=[]}' at 'parameters' failed to satisfy constraint: " +
        'Map value must satisfy constraint: [Member must satisfy constraint: [Member must have length greater than or equal to 1]]',
    );
  });

  it('paths into lists of structures, and checks list sizes, enums and ranges', () => {
    const error = failure(ssm, 'DescribeSessions', {
      State: 'Sometimes',
      MaxResults: 500,
      Filters: [{ key: 'Colour', value: '' }],
    });
    expect(error.message.split('; ')).toEqual([
      "4 validation errors detected: Value 'Sometimes' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [Active, History]",
      "Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 200",
      "Value 'Colour' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [InvokedAfter, InvokedBefore, Target, Owner, Status, SessionId, AccessType]",
      "Value '' at 'filters.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
    const tooMany = failure(ssm, 'DescribeSessions', {
      State: 'Active',
      Filters: Array.from({ length: 7 }, () => ({ key: 'Target', value: 'i-1' })),
    });
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '\[.*\]' at 'filters' failed to satisfy constraint: Member must have length less than or equal to 6$/,
    );
  });

  it('reports items of a list of strings on the list: filter values', () => {
    const error = failure(ssm, 'DescribeInstanceInformation', {
      Filters: [{ Key: 'tag:Env', Values: ['prod', ''] }],
    });
    expect(error.message).toBe(
      "1 validation error detected: Value '[prod, ]' at 'filters.1.member.values' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must have length greater than or equal to 1]',
    );
    const none = failure(ssm, 'DescribeInstanceInformation', { Filters: [{ Key: 'tag:Env', Values: [] }] });
    expect(none.message).toContain(
      "Value '[]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const many = failure(ssm, 'DescribeInstanceInformation', {
      InstanceInformationFilterList: [
        { key: 'InstanceIds', valueSet: Array.from({ length: 101 }, (_, i) => `i-${i}`) },
      ],
    });
    expect(many.message).toMatch(
      /at 'instanceInformationFilterList\.1\.member\.valueSet' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
  });

  it('answers a wrong JSON type with SerializationException, before any constraint', () => {
    const error = failure(ssm, 'StartSession', { Target: 42, Reason: '' });
    expect([error.code, error.message]).toEqual([
      'SerializationException',
      'Unexpected value type for target: expected string',
    ]);
    expect(failure(ssm, 'StartSession', { Target: 'i', Parameters: { command: 'ls' } }).code).toBe(
      'SerializationException',
    );
  });

  it('KMS: grant token counts and lengths, enums, never echoing sensitive values', () => {
    const tokens = failure(kms, 'GenerateDataKey', {
      KeyId: 'alias/x',
      KeySpec: 'AES_256',
      GrantTokens: Array.from({ length: 11 }, () => 'token'),
    });
    expect(tokens.message).toMatch(
      /at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );
    const algorithm = failure(kms, 'Decrypt', { CiphertextBlob: 'AAAA', EncryptionAlgorithm: 'ROT13' });
    expect(algorithm.message).toBe(
      "1 validation error detected: Value 'ROT13' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
    );
    const blob = failure(kms, 'Decrypt', { CiphertextBlob: '' });
    expect(blob.message).toBe(
      "1 validation error detected: Value '' at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
