package io.mvsqlite.store;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.util.function.Consumer;

/**
 * The engine's configuration, built once and never changed. The first twelve components are the
 * reference's flags and knobs (mvstore-server §14.1) with the same meanings and defaults; the rest
 * are mvSQLite's own.
 *
 * @param metadataPrefix tuple-encoded prefix of the metadata keys ({@code --metadata-prefix},
 *     required)
 * @param rawDataPrefix raw byte prefix of the per-namespace data keys ({@code --raw-data-prefix},
 *     required)
 * @param autoCreateNamespace create unknown namespaces on data-plane access
 * @param contentCacheSize decoded pages kept in memory, keyed by hash; 0 disables the cache
 * @param wireZstd compress page data on the wire when the client accepts it (applied by the HTTP
 *     layer; the engine always returns raw pages)
 * @param readOnly a read-only replica: writes and commits fail with {@link ErrorCode#READ_ONLY}, no
 *     background tasks
 * @param gcScanBatchSize keys per GC and truncation scan batch (5000)
 * @param gcFreshPageTtlSecs minimum age before unreferenced content without a live lease is
 *     collectable (3600)
 * @param commitMultiPhaseThreshold pages (inclusive) at which commits go two-phase (1000)
 * @param plccReadSetSizeThreshold largest total read set (inclusive) checked page by page (2000)
 * @param nslockRollbackScanBatchSize page-index keys per rollback batch (1000)
 * @param truncateMinAgeSeconds refuse truncations of data younger than this; 0 turns the check off
 * @param commitStagedThreshold pages (inclusive) at which commits are staged over many KV
 *     transactions (25,000)
 * @param stagedChunkPages staged entries per KV transaction of a staged commit (4000)
 * @param leaseTtlSecs how long a transaction lease lives after its last renewal (60)
 * @param timekeeperIntervalMillis how often the timekeeper records a time-to-version point (5000,
 *     as the reference)
 * @param verifyPageHashes check, on every read that decodes a page from the store, that its bytes
 *     hash to their address (off by default, as in the reference: the KV store checksums its data,
 *     and the check costs a BLAKE3 of every page read, most of a cold read's CPU time; see
 *     bench/README.md)
 */
public record StoreConfig(
    String metadataPrefix,
    String rawDataPrefix,
    boolean autoCreateNamespace,
    int contentCacheSize,
    boolean wireZstd,
    boolean readOnly,
    int gcScanBatchSize,
    long gcFreshPageTtlSecs,
    int commitMultiPhaseThreshold,
    int plccReadSetSizeThreshold,
    int nslockRollbackScanBatchSize,
    long truncateMinAgeSeconds,
    int commitStagedThreshold,
    int stagedChunkPages,
    long leaseTtlSecs,
    long timekeeperIntervalMillis,
    boolean verifyPageHashes) {

  public StoreConfig {
    requireText(metadataPrefix, "metadataPrefix");
    requireText(rawDataPrefix, "rawDataPrefix");
    requireNonNegative(contentCacheSize, "contentCacheSize");
    requirePositive(gcScanBatchSize, "gcScanBatchSize");
    requireNonNegative(gcFreshPageTtlSecs, "gcFreshPageTtlSecs");
    requireNonNegative(commitMultiPhaseThreshold, "commitMultiPhaseThreshold");
    requireNonNegative(plccReadSetSizeThreshold, "plccReadSetSizeThreshold");
    requirePositive(nslockRollbackScanBatchSize, "nslockRollbackScanBatchSize");
    requireNonNegative(truncateMinAgeSeconds, "truncateMinAgeSeconds");
    requireNonNegative(commitStagedThreshold, "commitStagedThreshold");
    requirePositive(stagedChunkPages, "stagedChunkPages");
    requirePositive(leaseTtlSecs, "leaseTtlSecs");
    requirePositive(timekeeperIntervalMillis, "timekeeperIntervalMillis");
  }

  /** The defaults of every knob, with the two required prefixes. */
  public static StoreConfig defaults(String metadataPrefix, String rawDataPrefix) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        false,
        0,
        false,
        false,
        5000,
        3600,
        1000,
        2000,
        1000,
        0,
        25_000,
        4000,
        60,
        5000,
        false);
  }

  public StoreConfig withAutoCreateNamespace(boolean value) {
    return with(b -> b.autoCreateNamespace = value);
  }

  public StoreConfig withContentCacheSize(int value) {
    return with(b -> b.contentCacheSize = value);
  }

  public StoreConfig withWireZstd(boolean value) {
    return with(b -> b.wireZstd = value);
  }

  public StoreConfig withReadOnly(boolean value) {
    return with(b -> b.readOnly = value);
  }

  public StoreConfig withGcScanBatchSize(int value) {
    return with(b -> b.gcScanBatchSize = value);
  }

  public StoreConfig withGcFreshPageTtlSecs(long value) {
    return with(b -> b.gcFreshPageTtlSecs = value);
  }

  public StoreConfig withCommitMultiPhaseThreshold(int value) {
    return with(b -> b.commitMultiPhaseThreshold = value);
  }

  public StoreConfig withPlccReadSetSizeThreshold(int value) {
    return with(b -> b.plccReadSetSizeThreshold = value);
  }

  public StoreConfig withNslockRollbackScanBatchSize(int value) {
    return with(b -> b.nslockRollbackScanBatchSize = value);
  }

  public StoreConfig withTruncateMinAgeSeconds(long value) {
    return with(b -> b.truncateMinAgeSeconds = value);
  }

  public StoreConfig withCommitStagedThreshold(int value) {
    return with(b -> b.commitStagedThreshold = value);
  }

  public StoreConfig withStagedChunkPages(int value) {
    return with(b -> b.stagedChunkPages = value);
  }

  public StoreConfig withLeaseTtlSecs(long value) {
    return with(b -> b.leaseTtlSecs = value);
  }

  public StoreConfig withTimekeeperIntervalMillis(long value) {
    return with(b -> b.timekeeperIntervalMillis = value);
  }

  public StoreConfig withVerifyPageHashes(boolean value) {
    return with(b -> b.verifyPageHashes = value);
  }

  /** A copy of this configuration with {@code change} applied, validated as any other. */
  private StoreConfig with(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /**
   * The components of a configuration being changed: the one place besides the record header that
   * lists them all, so that each wither names only the component it changes. Not thread-safe; lives
   * only inside {@link #with}.
   */
  private static final class Builder {
    String metadataPrefix;
    String rawDataPrefix;
    boolean autoCreateNamespace;
    int contentCacheSize;
    boolean wireZstd;
    boolean readOnly;
    int gcScanBatchSize;
    long gcFreshPageTtlSecs;
    int commitMultiPhaseThreshold;
    int plccReadSetSizeThreshold;
    int nslockRollbackScanBatchSize;
    long truncateMinAgeSeconds;
    int commitStagedThreshold;
    int stagedChunkPages;
    long leaseTtlSecs;
    long timekeeperIntervalMillis;
    boolean verifyPageHashes;

    Builder(StoreConfig c) {
      metadataPrefix = c.metadataPrefix;
      rawDataPrefix = c.rawDataPrefix;
      autoCreateNamespace = c.autoCreateNamespace;
      contentCacheSize = c.contentCacheSize;
      wireZstd = c.wireZstd;
      readOnly = c.readOnly;
      gcScanBatchSize = c.gcScanBatchSize;
      gcFreshPageTtlSecs = c.gcFreshPageTtlSecs;
      commitMultiPhaseThreshold = c.commitMultiPhaseThreshold;
      plccReadSetSizeThreshold = c.plccReadSetSizeThreshold;
      nslockRollbackScanBatchSize = c.nslockRollbackScanBatchSize;
      truncateMinAgeSeconds = c.truncateMinAgeSeconds;
      commitStagedThreshold = c.commitStagedThreshold;
      stagedChunkPages = c.stagedChunkPages;
      leaseTtlSecs = c.leaseTtlSecs;
      timekeeperIntervalMillis = c.timekeeperIntervalMillis;
      verifyPageHashes = c.verifyPageHashes;
    }

    StoreConfig build() {
      return new StoreConfig(
          metadataPrefix,
          rawDataPrefix,
          autoCreateNamespace,
          contentCacheSize,
          wireZstd,
          readOnly,
          gcScanBatchSize,
          gcFreshPageTtlSecs,
          commitMultiPhaseThreshold,
          plccReadSetSizeThreshold,
          nslockRollbackScanBatchSize,
          truncateMinAgeSeconds,
          commitStagedThreshold,
          stagedChunkPages,
          leaseTtlSecs,
          timekeeperIntervalMillis,
          verifyPageHashes);
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG, "a store configuration needs a non-empty " + name);
    }
  }

  private static void requirePositive(long value, String name) {
    if (value <= 0) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG, "store configuration: " + name + " must be positive");
    }
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG, "store configuration: " + name + " must not be negative");
    }
  }
}
