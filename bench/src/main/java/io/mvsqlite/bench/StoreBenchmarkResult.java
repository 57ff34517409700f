package io.mvsqlite.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of a {@link StoreBenchmark}: the KV baseline measured in the same run, each store
 * measurement, and the bulk commits (the loads and the huge commit) with their upload and commit
 * times.
 *
 * @param backend the embedded store the engine ran on, as it describes itself
 * @param mode the store mode (strict: FoundationDB's limits enforced) of the engine's stores and of
 *     the KV baseline
 * @param kvBulkSeconds how long writing the huge commit's pages straight into a KV store took
 *     ({@link KvBulkWrite}), or NaN when there was no huge commit
 */
public record StoreBenchmarkResult(
    StoreBenchmarkSettings settings,
    String backend,
    StoreMode mode,
    KvBenchmarkResult kv,
    List<StoreMeasurement> measurements,
    List<BulkCommit> bulkCommits,
    double kvBulkSeconds) {

  /**
   * One bulk transaction: what it was for, over which transport, and how long upload and commit
   * took.
   */
  public record BulkCommit(
      StoreTransport transport,
      String purpose,
      int pages,
      double uploadSeconds,
      double commitSeconds) {

    /** The purpose of the huge commit's row. */
    public static final String HUGE = "huge commit";

    public double uploadMegabytesPerSecond() {
      return pages * (double) StoreBenchmarkSettings.PAGE_BYTES / (1 << 20) / uploadSeconds;
    }
  }

  public StoreBenchmarkResult {
    measurements = List.copyOf(measurements);
    bulkCommits = List.copyOf(bulkCommits);
  }

  public Optional<StoreMeasurement> find(
      StoreTransport transport, StoreWorkload workload, int threads) {
    return measurements.stream()
        .filter(
            m -> m.transport() == transport && m.workload() == workload && m.threads() == threads)
        .findFirst();
  }

  /**
   * The median of {@code workload} at {@code threads} over {@code transport} as a fraction of its
   * KV counterpart.
   */
  public Optional<Double> fractionOfKv(
      StoreTransport transport, StoreWorkload workload, int threads) {
    return find(transport, workload, threads)
        .map(m -> kv.fractionOf(m.medianPerSecond(), workload.kvCounterpart(), threads, mode));
  }

  /**
   * The results as text: the throughput table (with the KV baseline and fractions), then the bulk
   * commits.
   */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Store benchmark: %s, %s mode, %s writes; %d-byte pages; %,d-page namespace read; median of %d runs of %d"
                + " ms%n",
            backend,
            mode.label(),
            settings.syncWrites() ? "synced" : "unsynced",
            StoreBenchmarkSettings.PAGE_BYTES,
            settings.pages(),
            settings.runs(),
            settings.runDuration().toMillis()));
    List<StoreTransport> transports = settings.transports();
    String[] header = new String[4 + 2 * transports.size()];
    header[0] = "workload";
    header[1] = "clients";
    int c = 2;
    for (StoreTransport t : transports) {
      header[c++] = t.label();
    }
    header[c++] = "KV baseline";
    for (StoreTransport t : transports) {
      header[c++] = t.label() + "/KV";
    }
    header[c] = "unit";
    TextTable table = new TextTable(header);
    for (StoreWorkload w : StoreWorkload.values()) {
      for (int threads : settings.concurrency()) {
        String[] row = new String[header.length];
        row[0] =
            switch (w) {
              case PAGE_READ -> "pages read, batches of " + settings.readBatch();
              case SMALL_COMMIT ->
                  "small commits, "
                      + settings.commitPages()
                      + " page"
                      + (settings.commitPages() == 1 ? "" : "s")
                      + " inline";
            };
        row[1] = Integer.toString(threads);
        int i = 2;
        for (StoreTransport t : transports) {
          row[i++] =
              find(t, w, threads)
                  .map(
                      m ->
                          TextTable.number(m.medianPerSecond(), 0)
                              + (m.conflicts() > 0 ? " (" + m.conflicts() + " conflicts)" : ""))
                  .orElse("-");
        }
        row[i++] =
            kv.find(w.kvCounterpart(), threads, mode)
                .map(m -> TextTable.number(m.medianPerSecond(), 0))
                .orElse("-");
        for (StoreTransport t : transports) {
          row[i++] = fractionOfKv(t, w, threads).map(f -> TextTable.number(f, 3)).orElse("-");
        }
        row[i] = w.unit();
        table.row(row);
      }
    }
    out.append(table.render());
    out.append("KV baseline: ")
        .append(Workload.POINT_READ_BATCH.label())
        .append(" (")
        .append(settings.readBatch())
        .append(") for page reads, ")
        .append(Workload.SMALL_COMMIT.label())
        .append(" for small commits; ")
        .append(
            String.format(
                Locale.ROOT,
                "%,d keys of %d bytes%n",
                kv.settings().keys(),
                kv.settings().valueBytes()));
    if (!bulkCommits.isEmpty()) {
      out.append('\n');
      TextTable bulk =
          new TextTable(
              "bulk transaction",
              "transport",
              "pages",
              "MiB",
              "upload s",
              "upload MiB/s",
              "commit s",
              "total s",
              "KV s",
              "KV s / total s");
      for (BulkCommit b : bulkCommits) {
        double total = b.uploadSeconds() + b.commitSeconds();
        boolean huge = BulkCommit.HUGE.equals(b.purpose()) && !Double.isNaN(kvBulkSeconds);
        bulk.row(
            b.purpose(),
            b.transport().label(),
            TextTable.number(b.pages(), 0),
            TextTable.number(b.pages() * (double) StoreBenchmarkSettings.PAGE_BYTES / (1 << 20), 0),
            TextTable.number(b.uploadSeconds(), 2),
            TextTable.number(b.uploadMegabytesPerSecond(), 1),
            TextTable.number(b.commitSeconds(), 2),
            TextTable.number(total, 2),
            huge ? TextTable.number(kvBulkSeconds, 2) : "-",
            huge ? TextTable.number(kvBulkSeconds / total, 3) : "-");
      }
      out.append(bulk.render());
      if (!Double.isNaN(kvBulkSeconds)) {
        out.append(
            String.format(
                Locale.ROOT,
                "KV s: the huge commit's %,d pages written straight into a KV store"
                    + " (%d values per transaction, %d transactions in flight)%n",
                settings.hugePages(),
                settings.uploadBatch(),
                settings.uploadConcurrency()));
      }
    }
    return out.toString();
  }
}
