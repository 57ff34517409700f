package io.mvsqlite.stress;

import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A transaction in flight, as the tester keeps it: the version it reads at, its own writes (page →
 * hash, the bytes, and whether they were uploaded already or travel inline with the commit), and
 * its read set (every page it read).
 *
 * <p>Owned by one task; not thread-safe. The model only receives copies ({@link #writtenHashes()},
 * {@link #readSetArray()}).
 */
final class ModelTransaction {

  /**
   * One page this transaction wrote.
   *
   * @param uploaded sent with {@code /batch/write} already (readable back by hash); otherwise it
   *     goes inline with the commit (a fast write)
   */
  record OwnWrite(PageHash hash, byte[] data, boolean uploaded) {}

  final int task;
  final long serial;
  final Version version;
  final boolean timeTravel;
  final boolean readSetEnabled;
  final LeaseId lease;
  private final Map<Integer, OwnWrite> writes = new LinkedHashMap<>();
  private final TreeSet<Integer> readSet = new TreeSet<>();

  /**
   * @param version the snapshot the transaction reads at, pinned in the model until it ends
   * @param timeTravel started at a retained version without {@code /stat}
   * @param readSetEnabled sends its read set with the commit (page-level conflict check)
   * @param lease its transaction lease, or {@code null}
   */
  ModelTransaction(
      int task,
      long serial,
      Version version,
      boolean timeTravel,
      boolean readSetEnabled,
      LeaseId lease) {
    this.task = task;
    this.serial = serial;
    this.version = version;
    this.timeTravel = timeTravel;
    this.readSetEnabled = readSetEnabled;
    this.lease = lease;
  }

  void write(int page, OwnWrite w) {
    writes.put(page, w);
  }

  OwnWrite ownWrite(int page) {
    return writes.get(page);
  }

  Map<Integer, OwnWrite> writes() {
    return Collections.unmodifiableMap(writes);
  }

  boolean hasWrites() {
    return !writes.isEmpty();
  }

  void markRead(int page) {
    readSet.add(page);
  }

  int[] readSetArray() {
    return readSet.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A copy of page → hash of every own write. */
  Map<Integer, PageHash> writtenHashes() {
    Map<Integer, PageHash> out = new LinkedHashMap<>();
    writes.forEach((p, w) -> out.put(p, w.hash()));
    return out;
  }

  @Override
  public String toString() {
    return "txn "
        + serial
        + " of task "
        + task
        + " at "
        + version
        + (timeTravel ? " (time travel)" : "");
  }
}
