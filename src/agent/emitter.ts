// A minimal typed event emitter with disposable subscriptions, mirroring VS Code's Event<T>
// shape so the host can adapt it directly, without the core importing vscode.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private readonly _listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this._listeners.add(listener);
    return { dispose: () => this._listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this._listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A renderer's bug must not break the agent loop.
        console.error('Loupe: an event listener failed:', error);
      }
    }
  }

  dispose(): void {
    this._listeners.clear();
  }
}
