// What a host class owns is registered once, where it is made, and disposed with the class, newest
// first: a listener goes before what it listens to (a disposed ChangeReviews settles its reviews,
// which must not reach a panel already gone), and nothing is left out by a hand-kept list.
import type { Disposable } from 'vscode';

export abstract class DisposableOwner implements Disposable {
  private readonly _owned: Disposable[] = [];
  private _disposed = false;

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Owns `disposable` from now on; one registered after this owner was disposed is disposed at once. */
  protected _register<T extends Disposable>(disposable: T): T {
    if (this._disposed) disposable.dispose();
    else this._owned.push(disposable);
    return disposable;
  }

  /** Disposes everything registered, newest first; one that throws does not keep the others alive. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    const errors: unknown[] = [];
    for (const disposable of this._owned.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed while being disposed.`);
  }
}
