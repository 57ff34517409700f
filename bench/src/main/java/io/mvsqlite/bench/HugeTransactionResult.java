package io.mvsqlite.bench;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The outcome of a {@link HugeTransactionCheck}: per transport, the huge transaction and the
 * long-lived one.
 */
public record HugeTransactionResult(
    HugeTransactionSettings settings, List<Huge> huge, List<Held> held) {

  /**
   * One huge transaction: its size, how long inserting, committing and verifying took, the pages it
   * committed and how many of them were uploaded before the commit, what the check found, and the
   * client JVM's heap meanwhile.
   *
   * @param writtenCrc CRC-32C of every row's blob in id order, as written
   * @param readCrc the same, as read back by a new connection after the commit
   * @param verified the count, the bytes and every row's content matched
   */
  public record Huge(
      StoreTransport transport,
      long rows,
      long bytes,
      double insertSeconds,
      double commitSeconds,
      double verifySeconds,
      int pagesCommitted,
      long pagesUploaded,
      boolean leased,
      long writtenCrc,
      long readCrc,
      long rowsRead,
      boolean verified,
      HeapMonitor.Peaks heap) {}

  /**
   * One transaction kept open for a while and then committed.
   *
   * @param heldSeconds how long it stayed open, from BEGIN to COMMIT
   * @param verified it committed, and a new connection found every row with its content
   */
  public record Held(
      StoreTransport transport,
      double heldSeconds,
      long rows,
      int pagesCommitted,
      long pagesUploaded,
      boolean leased,
      boolean verified) {}

  public HugeTransactionResult {
    huge = List.copyOf(huge);
    held = List.copyOf(held);
  }

  /** True if every transaction committed and was read back intact. */
  public boolean allVerified() {
    return huge.stream().allMatch(Huge::verified) && held.stream().allMatch(Held::verified);
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    TextTable t =
        new TextTable(
            "huge transaction",
            "rows",
            "MiB",
            "insert s",
            "commit s",
            "verify s",
            "pages",
            "uploaded",
            "leased",
            "crc32c written/read",
            "max heap MiB",
            "peak used MiB",
            "peak live MiB",
            "GCs",
            "result");
    for (Huge h : huge) {
      t.row(
          h.transport().label(),
          TextTable.number(h.rows(), 0),
          TextTable.number(h.bytes() / 1048576.0, 0),
          TextTable.number(h.insertSeconds(), 1),
          TextTable.number(h.commitSeconds(), 1),
          TextTable.number(h.verifySeconds(), 1),
          TextTable.number(h.pagesCommitted(), 0),
          TextTable.number(h.pagesUploaded(), 0),
          Boolean.toString(h.leased()),
          String.format(Locale.ROOT, "%08x/%08x", h.writtenCrc(), h.readCrc()),
          mib(h.heap().maxHeapBytes()),
          mib(h.heap().peakUsedBytes()),
          mib(h.heap().peakLiveAfterGcBytes()),
          TextTable.number(h.heap().collections(), 0),
          h.verified() ? "OK" : "FAILED");
    }
    out.append(t.render());
    if (!held.isEmpty()) {
      TextTable h =
          new TextTable(
              "long-lived transaction", "held s", "rows", "pages", "uploaded", "leased", "result");
      for (Held x : held) {
        h.row(
            x.transport().label(),
            TextTable.number(x.heldSeconds(), 1),
            TextTable.number(x.rows(), 0),
            TextTable.number(x.pagesCommitted(), 0),
            TextTable.number(x.pagesUploaded(), 0),
            Boolean.toString(x.leased()),
            x.verified() ? "OK" : "FAILED");
      }
      out.append('\n').append(h.render());
    }
    return out.toString();
  }

  /**
   * The result as flat properties ({@code huge.direct.verified=true}, ...), for a parent process to
   * read.
   */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("verified", Boolean.toString(allVerified()));
    for (Huge h : huge) {
      String k = "huge." + h.transport().label() + ".";
      p.setProperty(k + "rows", Long.toString(h.rows()));
      p.setProperty(k + "bytes", Long.toString(h.bytes()));
      p.setProperty(k + "insertSeconds", Double.toString(h.insertSeconds()));
      p.setProperty(k + "commitSeconds", Double.toString(h.commitSeconds()));
      p.setProperty(k + "verifySeconds", Double.toString(h.verifySeconds()));
      p.setProperty(k + "pagesCommitted", Integer.toString(h.pagesCommitted()));
      p.setProperty(k + "pagesUploaded", Long.toString(h.pagesUploaded()));
      p.setProperty(k + "leased", Boolean.toString(h.leased()));
      p.setProperty(k + "rowsRead", Long.toString(h.rowsRead()));
      p.setProperty(k + "crcMatches", Boolean.toString(h.writtenCrc() == h.readCrc()));
      p.setProperty(k + "verified", Boolean.toString(h.verified()));
      p.setProperty(k + "maxHeapBytes", Long.toString(h.heap().maxHeapBytes()));
      p.setProperty(k + "peakUsedBytes", Long.toString(h.heap().peakUsedBytes()));
      p.setProperty(k + "peakLiveBytes", Long.toString(h.heap().peakLiveAfterGcBytes()));
    }
    for (Held x : held) {
      String k = "held." + x.transport().label() + ".";
      p.setProperty(k + "heldSeconds", Double.toString(x.heldSeconds()));
      p.setProperty(k + "rows", Long.toString(x.rows()));
      p.setProperty(k + "pagesUploaded", Long.toString(x.pagesUploaded()));
      p.setProperty(k + "leased", Boolean.toString(x.leased()));
      p.setProperty(k + "verified", Boolean.toString(x.verified()));
    }
    return p;
  }

  private static String mib(long bytes) {
    return TextTable.number(bytes / 1048576.0, 0);
  }
}
