package io.mvsqlite.kv;

/** The faults a {@link FaultInjectingKvStore} injects, each counted separately. */
public enum FaultKind {
  /** A read failed with {@link KvError#NOT_COMMITTED}. */
  READ_CONFLICT(KvError.NOT_COMMITTED),
  /** A read failed with {@link KvError#TRANSIENT}. */
  READ_TRANSIENT(KvError.TRANSIENT),
  /** A commit failed with {@link KvError#NOT_COMMITTED} without reaching the delegate. */
  COMMIT_CONFLICT(KvError.NOT_COMMITTED),
  /** A commit failed with {@link KvError#TRANSIENT} without reaching the delegate. */
  COMMIT_TRANSIENT(KvError.TRANSIENT),
  /** The delegate committed, then {@link KvError#COMMIT_UNKNOWN_RESULT} was thrown anyway. */
  COMMIT_UNKNOWN_COMMITTED(KvError.COMMIT_UNKNOWN_RESULT),
  /** {@link KvError#COMMIT_UNKNOWN_RESULT} was thrown and the delegate did not commit. */
  COMMIT_UNKNOWN_NOT_COMMITTED(KvError.COMMIT_UNKNOWN_RESULT);

  private final KvError error;

  FaultKind(KvError error) {
    this.error = error;
  }

  /** The error this fault is reported as. */
  public KvError error() {
    return error;
  }

  /** True if the delegate's commit took effect even though the caller saw an error. */
  public boolean committed() {
    return this == COMMIT_UNKNOWN_COMMITTED;
  }
}
