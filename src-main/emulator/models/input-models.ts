import { GENERATED_INPUT_MODELS } from './input-models.generated.js';
import type { InputModel } from './input-model.js';

/**
 * The operations whose requests the emulator validates as the service's front end does, per botocore
 * service name. Only the JSON-protocol services: their front end (Coral) validates every request
 * against the model; the Query services (EC2, STS, RDS) check inputs their own way, by hand here.
 */
export const VALIDATED_OPERATIONS = {
  ssm: [
    'StartSession',
    'ResumeSession',
    'TerminateSession',
    'DescribeSessions',
    'DescribeInstanceInformation',
  ],
  kms: ['GenerateDataKey', 'Decrypt'],
} as const;

export type ValidatedService = keyof typeof VALIDATED_OPERATIONS;

export const INPUT_MODELS: Record<ValidatedService, InputModel> = {
  ssm: GENERATED_INPUT_MODELS.ssm as InputModel,
  kms: GENERATED_INPUT_MODELS.kms as InputModel,
};
