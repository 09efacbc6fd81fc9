import type { TunnelSpec } from '../../../src-shared/model/tunnel';

/** What a tunnel row can do; the view wires these to the contract. */
export interface TunnelActions {
  start(spec: TunnelSpec): void;
  stop(spec: TunnelSpec): void;
  edit(spec: TunnelSpec): void;
  duplicate(spec: TunnelSpec): void;
  remove(spec: TunnelSpec): void;
  exportOne(spec: TunnelSpec): void;
  openInBrowser(url: string): void;
  /** Copies `text` and says "Copied <what>". */
  copy(text: string, what: string): void;
}
