package io.mvsqlite.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A namespace's metadata (the {@code nsmd} value, JSON, reference §2.4). Absent fields take their
 * defaults.
 *
 * @param lock the namespace lock, or {@code null}
 * @param overlayBase for a fork: the base namespace and the snapshot it was forked at, or {@code
 *     null}
 * @param truncatedBefore versions below this watermark are no longer readable, or {@code null}
 * @param stagedCommits mvSQLite extension: how many staged (very large) commits are published but
 *     not yet merged into the page index; readers consult them while this is non-zero
 *     (docs/commit-protocol.md)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NamespaceMetadata(
    @JsonProperty("lock") NamespaceLock lock,
    @JsonProperty("overlay_base") OverlayBase overlayBase,
    @JsonProperty("truncated_before") Version truncatedBefore,
    @JsonProperty("staged_commits") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        int stagedCommits) {

  public static final NamespaceMetadata EMPTY = new NamespaceMetadata(null, null, null, 0);

  public NamespaceMetadata withLock(NamespaceLock l) {
    return new NamespaceMetadata(l, overlayBase, truncatedBefore, stagedCommits);
  }

  public NamespaceMetadata withTruncatedBefore(Version v) {
    return new NamespaceMetadata(lock, overlayBase, v, stagedCommits);
  }

  public NamespaceMetadata withStagedCommits(int n) {
    return new NamespaceMetadata(lock, overlayBase, truncatedBefore, n);
  }

  /** The lock of a namespace: readers see {@code snapshotVersion}; only {@code owner} commits. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NamespaceLock(
      @JsonProperty("snapshot_version") Version snapshotVersion,
      @JsonProperty("owner") String owner,
      @JsonProperty("nonce") String nonce,
      @JsonProperty("rolling_back") boolean rollingBack) {

    public NamespaceLock withRollingBack(boolean b) {
      return new NamespaceLock(snapshotVersion, owner, nonce, b);
    }
  }

  /**
   * The base of a fork: reads that find nothing in the fork fall back to {@code nsId} at {@code
   * snapshotVersion}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OverlayBase(
      @JsonProperty("ns_id") Version nsId,
      @JsonProperty("snapshot_version") Version snapshotVersion) {}
}
