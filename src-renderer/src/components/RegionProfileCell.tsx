import type { ReactElement } from 'react';

export interface RegionProfileCellProps {
  region: string;
  /** The profile's label (profileLabel), not its id. */
  profile: string;
}

/**
 * A VirtualTable cell saying where something is: the region, and under it the profile it was
 * reached with. The history and the databases list show it the same way, so it is written once.
 */
export function RegionProfileCell({ region, profile }: RegionProfileCellProps): ReactElement {
  return (
    <div role="gridcell" className="vt-cell vt-cell-stack">
      <span className="truncate">{region}</span>
      <span className="vt-sub truncate">{profile}</span>
    </div>
  );
}
