import type { AwsContext } from '../aws/aws-context.js';
import type { CommandRuntime } from './command-runtime.js';

/**
 * One AwsContext per profile × region asked for on the command line. Without --region, each profile's
 * own region (flag, env, config) is used; without --profile, the default chain.
 */
export async function contextsFor(runtime: CommandRuntime): Promise<AwsContext[]> {
  const profiles = runtime.common.profiles.length > 0 ? runtime.common.profiles : [undefined];
  const contexts: AwsContext[] = [];
  for (const profile of profiles) {
    const first = await runtime.context(profile ? { profile } : {});
    const regions = runtime.common.regions.length > 0 ? runtime.common.regions : [first.region];
    for (const region of regions) contexts.push(region === first.region ? first : first.inRegion(region));
  }
  return contexts;
}
