package io.mvsqlite.protocol;

/** What acquiring a namespace lock can lead to, besides an {@link MvException}. */
public sealed interface LockAcquireOutcome {

  /**
   * The caller holds the lock (newly, or it already did: then the requested version was ignored).
   */
  record Acquired(boolean alreadyHeld) implements LockAcquireOutcome {}

  /** Another owner holds it. */
  record HeldByOther(String owner) implements LockAcquireOutcome {}
}
