import type { RegionFailure } from '../model.js';
import { ApiError } from './aws-errors.js';

/**
 * Ways a whole region can fail, for clients that list several regions at once (the desktop app shows
 * a failing region's error beside the regions that still list):
 * - `AccessDenied`: an SCP or policy that denies the region;
 * - `UnrecognizedClient`: an opt-in region that is not enabled (AWS does not know the key there);
 * - `Throttling`: every call throttled;
 * - `Unavailable`: the service is down in that region.
 */
export const REGION_FAILURES: readonly RegionFailure[] = [
  'AccessDenied',
  'UnrecognizedClient',
  'Throttling',
  'Unavailable',
];

/** The services whose every call fails in a failing region: the ones a listing calls. */
export type RegionalService = 'ssm' | 'ec2' | 'rds';

const ACTION_PREFIX: Record<RegionalService, string> = { ssm: 'ssm', ec2: 'ec2', rds: 'rds' };

/** The error `service` answers `operation` with in a failing region, in that service's words. */
export function regionFailureError(
  failure: RegionFailure,
  service: RegionalService,
  operation: string,
  caller: string,
  region: string,
  account: string,
): ApiError {
  const action = `${ACTION_PREFIX[service]}:${operation}`;
  const denied = `User: ${caller} is not authorized to perform: ${action}`;
  const because = `because no identity-based policy allows the ${action} action`;
  switch (failure) {
    case 'AccessDenied':
      if (service === 'ssm') {
        return new ApiError(
          'AccessDeniedException',
          `${denied} on resource: arn:aws:ssm:${region}:${account}:* ${because}`,
        );
      }
      if (service === 'ec2') {
        return new ApiError(
          'UnauthorizedOperation',
          `You are not authorized to perform this operation. ${denied} ${because}`,
          403,
        );
      }
      return new ApiError(
        'AccessDenied',
        `${denied} on resource: arn:aws:rds:${region}:${account}:db:* ${because}`,
        403,
      );
    case 'UnrecognizedClient':
      if (service === 'ssm') {
        return new ApiError(
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      }
      if (service === 'ec2') {
        return new ApiError(
          'AuthFailure',
          'AWS was not able to validate the provided access credentials',
          401,
        );
      }
      return new ApiError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    case 'Throttling':
      if (service === 'ssm') return new ApiError('ThrottlingException', 'Rate exceeded');
      if (service === 'ec2') return new ApiError('RequestLimitExceeded', 'Request limit exceeded.', 503);
      return new ApiError('Throttling', 'Rate exceeded');
    case 'Unavailable':
      if (service === 'ssm') return new ApiError('InternalServerError', 'Internal Server Error', 500);
      if (service === 'ec2') {
        return new ApiError('Unavailable', "The server is overloaded and can't handle the request.", 503);
      }
      return new ApiError('InternalFailure', 'An internal error has occurred. Try again later.', 500);
  }
}
