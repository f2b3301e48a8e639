import { describe, expect, it } from 'vitest';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { KmsError, S3Error, describeSdkFailure, isAwsCallError, isS3Error, toKmsError, toS3Error } from '../../lambdas/aws/errors.js';
import { keyHash, versionIds } from '../../lambdas/aws/object-ref.js';

/** An SDK error as the S3 client throws it, with a message that names the object (as AccessDenied does). */
function sdkError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'REQ123' },
    message: 'User is not authorized on resource arn:aws:s3:::vault/customers/Sample Person.csv',
  });
}

describe('describeSdkFailure', () => {
  it.each([
    { name: 'NoSuchVersion', status: 404, kind: 'NOT_FOUND' },
    { name: 'NotFound', status: 404, kind: 'NOT_FOUND' },
    { name: 'AccessDenied', status: 403, kind: 'ACCESS_DENIED' },
    { name: 'SlowDown', status: 503, kind: 'THROTTLED' },
    { name: 'ThrottlingException', status: 400, kind: 'THROTTLED' },
    { name: 'InvalidTag', status: 400, kind: 'INVALID_REQUEST' },
    { name: 'InternalError', status: 500, kind: 'UNAVAILABLE' },
  ])('$name ($status) -> $kind', ({ name, status, kind }) => {
    expect(describeSdkFailure(sdkError(name, status))).toEqual({ kind, awsCode: name, httpStatus: status, requestId: 'REQ123' });
  });

  it.each([
    { name: 'a socket error', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) },
    { name: 'a string', error: 'boom' },
    { name: 'undefined', error: undefined },
  ])('classifies $name as FAILED', ({ error }) => {
    expect(describeSdkFailure(error).kind).toBe('FAILED');
  });
});

describe('S3Error', () => {
  const ref = { bucket: 'vault', key: 'customers/Sample Person.csv', versionId: 'v-1' };

  it('has a stable code, the operation and the ids', () => {
    // Act
    const error = toS3Error(sdkError('NoSuchVersion', 404), 'HeadObject', versionIds(ref));
    // Assess
    expect(error).toBeInstanceOf(S3Error);
    expect(isS3Error(error) && isAwsCallError(error)).toBe(true);
    expect(error.code).toBe('S3_NOT_FOUND');
    expect(error.operation).toBe('HeadObject');
    expect(error.ids).toEqual({ bucket: 'vault', versionId: 'v-1', keyHash: keyHash(ref.key) });
    expect(error.message).toBe(`S3 HeadObject failed: NOT_FOUND (NoSuchVersion) [bucket=vault versionId=v-1 keyHash=${keyHash(ref.key)}]`);
    expect(error.retryable).toBe(false);
  });

  it('carries nothing of the SDK message or stack, which name the object', () => {
    // Act
    const error = toS3Error(sdkError('AccessDenied', 403), 'GetObject', versionIds(ref));
    // Assess
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack, cause: error.cause, causeStack: (error.cause as Error).stack });
    expect(everything).not.toContain('Sample Person');
    expect((error.cause as Error).message).toBe('AccessDenied (HTTP 403) request REQ123');
  });

  it('passes an S3Error through unchanged', () => {
    const first = toS3Error(sdkError('SlowDown', 503), 'GetObject', {});
    expect(toS3Error(first, 'Other', {})).toBe(first);
    expect(first.retryable).toBe(true);
  });

  it('has a class per service', () => {
    const error = toKmsError(sdkError('AccessDeniedException', 400), 'Decrypt', { keyId: 'key-1' });
    expect(error).toBeInstanceOf(KmsError);
    expect(error.code).toBe('KMS_ACCESS_DENIED');
  });
});

describe('keyHash', () => {
  it('is short, stable and differs between keys', () => {
    expect(keyHash('a')).toMatch(/^[0-9a-f]{12}$/);
    expect(keyHash('a')).toBe(keyHash('a'));
    expect(keyHash('a')).not.toBe(keyHash('b'));
  });
});
