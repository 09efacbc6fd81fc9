import type { ReactElement, ReactNode } from 'react';

export interface TabPanelProps {
  /** The panel's id: its tab's aria-controls. */
  id: string;
  /** The id of the tab that names it and shows it. */
  tabId: string;
  /** Hidden while another tab is chosen (kept mounted, so it keeps its state). */
  hidden: boolean;
  className: string;
  children?: ReactNode;
}

/**
 * What a tab of a tablist shows: role tabpanel, named by its tab. The app's views and the Tunnels
 * view's two parts are such panels; one component keeps their ARIA wiring alike.
 */
export function TabPanel({ id, tabId, hidden, className, children }: TabPanelProps): ReactElement {
  return (
    <div role="tabpanel" id={id} aria-labelledby={tabId} className={className} hidden={hidden}>
      {children}
    </div>
  );
}
