import type { ReactElement } from 'react';

/** A small busy indicator; the surrounding text says what is busy. */
export function Spinner({ size = 14 }: { size?: number }): ReactElement {
  return <span className="spinner" style={{ width: size, height: size }} aria-hidden="true" />;
}
