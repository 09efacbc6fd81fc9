import { ContractFailure } from '../contract-failure.js';
import type { CoreServices } from '../core-services.js';
import type { RequestHandlers } from '../dispatch.js';

type TabHandlers = Pick<
  RequestHandlers,
  | 'tabs.list'
  | 'tabs.rename'
  | 'tabs.reorder'
  | 'tabs.duplicate'
  | 'tabs.close'
  | 'tabs.broadcast'
  | 'tabs.record'
  | 'shell.open'
  | 'shell.input'
  | 'shell.resize'
  | 'shell.ack'
  | 'shell.attach'
  | 'shell.reconnect'
  | 'shell.focus'
>;

/** Terminal tabs and their shells. */
export function tabHandlers(
  core: CoreServices,
  record: (tabId: string, on: boolean) => Promise<void>,
): TabHandlers {
  const { tabs } = core;
  return {
    'tabs.list': () => tabs.list(),
    'tabs.rename': ({ tabId, title }) => {
      tabs.rename(tabId, title);
      return {};
    },
    'tabs.reorder': ({ order }) => {
      tabs.reorder(order);
      return {};
    },
    'tabs.duplicate': ({ tabId }) => tabs.duplicate(tabId, tabs.get(tabId).terminalSize),
    'tabs.close': async ({ tabId }) => {
      await tabs.close(tabId);
      return {};
    },
    'tabs.broadcast': ({ tabIds }) => {
      tabs.setBroadcast(tabIds);
      return {};
    },
    'tabs.record': async ({ tabId, on }) => {
      await record(tabId, on);
      return {};
    },
    'shell.open': ({ target, title, size }) => {
      const name = core.nameOf(target);
      return tabs.open(target, title ?? name ?? target.instanceId, name, size);
    },
    'shell.input': ({ tabId, data, binary }) => {
      if (!tabs.input(tabId, data, binary ?? false)) {
        throw new ContractFailure('not-ended', 'the session has ended: reconnect to type again');
      }
      return {};
    },
    'shell.resize': ({ tabId, size }) => {
      tabs.get(tabId).resize(size);
      return {};
    },
    'shell.ack': ({ tabId, chars }, { viewId }) => {
      tabs.get(tabId).acknowledge(viewId, chars);
      return {};
    },
    'shell.attach': ({ tabId }, { viewId }) => tabs.get(tabId).attach(viewId),
    'shell.reconnect': ({ tabId }) => tabs.reconnect(tabId),
    'shell.focus': ({ tabId }, { viewId }) => {
      tabs.setForeground(viewId, tabId);
      return {};
    },
  };
}
