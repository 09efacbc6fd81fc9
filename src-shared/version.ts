/**
 * SSM Desk's version, and the version our drop-in plugin reports.
 *
 * The plugin version is not cosmetic: it must be a 4-part numeric version above 1.2.497.0 so that the
 * AWS CLI passes the StartSession response through the AWS_SSM_START_SESSION_RESPONSE environment
 * variable instead of argv (which other local users could read from the process list), above
 * 1.2.331.0 so that agents turn their smux keepalive off to match ours (a mismatch closes idle
 * tunnels after ~30 s), at least 1.1.70 so that agents use multiplexed port forwarding, and above
 * 1.2.295 so agents send separate stdout/stderr (spec §5, §7.3, §9, §12.6).
 */
export const PRODUCT_VERSION = '1.3.0';
export const PLUGIN_VERSION = `${PRODUCT_VERSION}.0`;
