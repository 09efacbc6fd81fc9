/** The record crosses to the desktop app's renderer, so it is defined (with its schema) in src-shared. */
export { isConnectable, type InstanceRecord } from '../../src-shared/model/instance.js';
