package io.mvsqlite.store;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;

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
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        value,
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

  public StoreConfig withContentCacheSize(int value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        value,
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

  public StoreConfig withWireZstd(boolean value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        contentCacheSize,
        value,
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

  public StoreConfig withReadOnly(boolean value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        contentCacheSize,
        wireZstd,
        value,
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

  public StoreConfig withGcScanBatchSize(int value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        contentCacheSize,
        wireZstd,
        readOnly,
        value,
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

  public StoreConfig withGcFreshPageTtlSecs(long value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        contentCacheSize,
        wireZstd,
        readOnly,
        gcScanBatchSize,
        value,
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

  public StoreConfig withCommitMultiPhaseThreshold(int value) {
    return new StoreConfig(
        metadataPrefix,
        rawDataPrefix,
        autoCreateNamespace,
        contentCacheSize,
        wireZstd,
        readOnly,
        gcScanBatchSize,
        gcFreshPageTtlSecs,
        value,
        plccReadSetSizeThreshold,
        nslockRollbackScanBatchSize,
        truncateMinAgeSeconds,
        commitStagedThreshold,
        stagedChunkPages,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withPlccReadSetSizeThreshold(int value) {
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
        value,
        nslockRollbackScanBatchSize,
        truncateMinAgeSeconds,
        commitStagedThreshold,
        stagedChunkPages,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withNslockRollbackScanBatchSize(int value) {
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
        value,
        truncateMinAgeSeconds,
        commitStagedThreshold,
        stagedChunkPages,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withTruncateMinAgeSeconds(long value) {
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
        value,
        commitStagedThreshold,
        stagedChunkPages,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withCommitStagedThreshold(int value) {
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
        value,
        stagedChunkPages,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withStagedChunkPages(int value) {
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
        value,
        leaseTtlSecs,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withLeaseTtlSecs(long value) {
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
        value,
        timekeeperIntervalMillis,
        verifyPageHashes);
  }

  public StoreConfig withTimekeeperIntervalMillis(long value) {
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
        value,
        verifyPageHashes);
  }

  public StoreConfig withVerifyPageHashes(boolean value) {
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
        value);
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
