import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';

export interface ViewErrorBoundaryProps {
  /** The view's name in the message, lower case ("history"). */
  what: string;
  children: ReactNode;
}

interface ViewErrorBoundaryState {
  error: Error | undefined;
  /** Bumped by "Try again": a new key mounts the view afresh. */
  attempt: number;
}

/**
 * Keeps one view's failure inside that view: without it an exception while rendering (or a view's
 * code that could not be loaded) unmounts the whole window and leaves it blank. Every session and
 * tunnel lives in the app core, so reloading the window loses nothing; "Try again" mounts the view
 * again without a reload (enough for a render error, not for code that failed to load, which React
 * keeps as failed until the page reloads).
 */
export class ViewErrorBoundary extends Component<ViewErrorBoundaryProps, ViewErrorBoundaryState> {
  override state: ViewErrorBoundaryState = { error: undefined, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<ViewErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console is where a developer (and the e2e tests' console capture) looks for the stack.
    console.error(`The ${this.props.what} view failed:`, error, info.componentStack);
  }

  private readonly retry = (): void => {
    this.setState((state) => ({ error: undefined, attempt: state.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    // A new key makes React mount the view's tree afresh.
    if (!error) return <Fragment key={attempt}>{this.props.children}</Fragment>;
    return (
      <div role="alert" className="view-error">
        <EmptyState
          icon="alert"
          tone="error"
          title={`The ${this.props.what} view could not be shown`}
          actions={
            <>
              <Button variant="primary" icon="refresh" onClick={() => window.location.reload()}>
                Reload window
              </Button>
              <Button onClick={this.retry}>Try again</Button>
            </>
          }
        >
          {error.message || error.name}. Your sessions and tunnels keep running in SSM Desk: reloading the
          window reattaches to them.
        </EmptyState>
      </div>
    );
  }
}
