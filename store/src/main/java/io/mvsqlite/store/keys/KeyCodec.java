package io.mvsqlite.store.keys;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Every byte layout mvstore stores, in one place. Layouts marked (ref) are those of the reference
 * system (its mvstore-server spec, §2), so data it wrote on FoundationDB stays readable; layouts
 * marked (ext) are mvSQLite extensions in families the reference does not use.
 *
 * <p>Notation: {@code T(..)} = FoundationDB tuple encoding ({@link Tuple}); {@code M} = metadata
 * prefix (a string); {@code P} = raw data prefix (its UTF-8 bytes, verbatim); {@code ns} = 10-byte
 * namespace id; {@code vs} = 10-byte versionstamp; {@code h} = 32-byte BLAKE3 hash; {@code 0x32} is
 * the tuple type code of an 80-bit versionstamp, appended by hand because it is followed by raw
 * bytes.
 *
 * <h2>Metadata families</h2>
 *
 * <table>
 *   <tr><th>family</th><th>key</th><th>value</th></tr>
 *   <tr><td>nskey (ref)</td><td>{@code T(M,"nskey",ns_key)}</td><td>ns (10)</td></tr>
 *   <tr><td>nsmd (ref)</td><td>{@code T(M,"nsmd") 0x32 ns}</td><td>JSON NamespaceMetadata</td></tr>
 *   <tr><td>overlay_ref (ref)</td><td>{@code T(M,"overlay_ref") 0x32 base_ns child_ns}</td>
 *       <td>child's snapshot version (10)</td></tr>
 *   <tr><td>nsrollbackcursor (ref)</td><td>{@code T(M,"nsrollbackcursor") 0x32 ns}</td><td>u32 LE page index</td></tr>
 *   <tr><td>nstask (ref)</td><td>{@code T(M,"nstask") 0x32 ns T(task)}</td><td>distributed lock record</td></tr>
 *   <tr><td>globaltask (ref)</td><td>{@code T(M,"globaltask",task)}</td><td>distributed lock record</td></tr>
 *   <tr><td>time2version (ref)</td><td>{@code T(M,"time2version",unix_secs)}</td><td>vs (10)</td></tr>
 *   <tr><td>ns_commit_token (ref)</td><td>{@code T(M,"ns_commit_token") 0x32 ns}</td><td>16 random bytes</td></tr>
 *   <tr><td>txnlease (ext)</td><td>{@code T(M,"txnlease") 0x32 ns lease_id(16)}</td>
 *       <td>expiry unix secs u64 BE (8) || start vs (10)</td></tr>
 *   <tr><td>stagedns (ext)</td><td>{@code T(M,"stagedns") 0x32 ns}</td>
 *       <td>empty: the namespace has staged commits waiting to be merged</td></tr>
 *   <tr><td>metadata version</td><td>{@code \xff/metadataVersion}</td>
 *       <td>FoundationDB's metadata version, bumped whenever an nsmd value changes</td></tr>
 * </table>
 *
 * <h2>Per-namespace data families (prefix {@code P ns})</h2>
 *
 * <table>
 *   <tr><th>family</th><th>key</th><th>value</th></tr>
 *   <tr><td>last write version (ref)</td><td>{@code P ns 'v'}</td><td>idempotency key (16) || vs (10)</td></tr>
 *   <tr><td>page index (ref)</td><td>{@code P ns 'p' page:u32 BE vs}</td><td>h (32)</td></tr>
 *   <tr><td>content (ref)</td><td>{@code P ns 'c' h}</td><td>encoded page ({@code ContentCodec})</td></tr>
 *   <tr><td>content index (ref)</td><td>{@code P ns 'd' h}</td><td>unix secs u64 BE (8) || vs (10)</td></tr>
 *   <tr><td>delta referrer (ref)</td><td>{@code P ns 'r' h_delta}</td><td>h of the delta's base (32)</td></tr>
 *   <tr><td>changelog (ref)</td><td>{@code P ns 'l' vs}</td>
 *       <td>{@code 0x00} + sorted distinct u32 BE pages, or {@code 0x01} ("too many")</td></tr>
 *   <tr><td>idempotency (ext)</td><td>{@code P ns 'k' idempotency_key(16)}</td><td>vs of that commit (10)</td></tr>
 *   <tr><td>staged entry (ext)</td><td>{@code P ns 's' commit_id(16) page:u32 BE}</td><td>h (32)</td></tr>
 *   <tr><td>staged commit (ext)</td><td>{@code P ns 'b' vs}</td><td>commit_id (16): published, not yet merged</td></tr>
 *   <tr><td>staging in flight (ext)</td><td>{@code P ns 'i' commit_id(16)}</td><td>expiry unix secs u64 BE (8)</td></tr>
 * </table>
 *
 * <p>Versionstamped keys and values are written with a 4-byte little-endian offset suffix
 * (FoundationDB API &ge; 520); the {@code *Template} methods return such parameters.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyCodec {

  private static final byte VERSIONSTAMP_TYPE = 0x32;
  private static final byte LWV = 'v';
  private static final byte PAGE = 'p';
  private static final byte CONTENT = 'c';
  private static final byte CONTENT_INDEX = 'd';
  private static final byte REFERRER = 'r';
  private static final byte CHANGELOG = 'l';
  private static final byte IDEMPOTENCY = 'k';
  private static final byte STAGED_ENTRY = 's';
  private static final byte STAGED_COMMIT = 'b';
  private static final byte STAGING = 'i';

  /** FoundationDB's metadata version key. */
  public static final byte[] METADATA_VERSION_KEY =
      "\u00ff/metadataVersion".getBytes(StandardCharsets.ISO_8859_1);

  private final String metadataPrefix;
  private final byte[] rawPrefix;
  private final byte[] nskeyPrefix;
  private final byte[] nsmdPrefix;
  private final byte[] overlayRefPrefix;
  private final byte[] rollbackCursorPrefix;
  private final byte[] nstaskPrefix;
  private final byte[] commitTokenPrefix;
  private final byte[] leasePrefix;
  private final byte[] stagedNsPrefix;
  private final byte[] time2versionPrefix;

  public KeyCodec(String metadataPrefix, String rawDataPrefix) {
    if (metadataPrefix == null || metadataPrefix.isEmpty()) {
      throw new MvException(ErrorCode.CLIENT_CONFIG, "--metadata-prefix must not be empty");
    }
    if (rawDataPrefix == null || rawDataPrefix.isEmpty()) {
      throw new MvException(ErrorCode.CLIENT_CONFIG, "--raw-data-prefix must not be empty");
    }
    byte[] raw = rawDataPrefix.getBytes(StandardCharsets.UTF_8);
    if (raw[0] == 0x02 || (raw[0] & 0xff) == 0xff) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          "--raw-data-prefix must not start with byte 0x02 (the tuple-encoded metadata space) or 0xff (system keys)");
    }
    this.metadataPrefix = metadataPrefix;
    this.rawPrefix = raw;
    this.nskeyPrefix = Tuple.builder().add(metadataPrefix).add("nskey").pack();
    this.nsmdPrefix = withVs(Tuple.builder().add(metadataPrefix).add("nsmd").pack());
    this.overlayRefPrefix = withVs(Tuple.builder().add(metadataPrefix).add("overlay_ref").pack());
    this.rollbackCursorPrefix =
        withVs(Tuple.builder().add(metadataPrefix).add("nsrollbackcursor").pack());
    this.nstaskPrefix = withVs(Tuple.builder().add(metadataPrefix).add("nstask").pack());
    this.commitTokenPrefix =
        withVs(Tuple.builder().add(metadataPrefix).add("ns_commit_token").pack());
    this.leasePrefix = withVs(Tuple.builder().add(metadataPrefix).add("txnlease").pack());
    this.stagedNsPrefix = withVs(Tuple.builder().add(metadataPrefix).add("stagedns").pack());
    this.time2versionPrefix = Tuple.builder().add(metadataPrefix).add("time2version").pack();
  }

  public String metadataPrefix() {
    return metadataPrefix;
  }

  // ------------------------------------------------------------------ metadata families

  /** {@code T(M,"nskey",key)}. */
  public byte[] nskey(String key) {
    return Tuple.builder().add(metadataPrefix).add("nskey").add(key).pack();
  }

  /**
   * The range of nskey entries whose namespace key starts with {@code prefix} (reference list
   * semantics).
   */
  public byte[][] nskeyRange(String prefix) {
    byte[] begin = nskey(prefix);
    byte[] end = begin.clone();
    end[end.length - 1] = (byte) 0xff;
    return new byte[][] {begin, end};
  }

  /** The namespace key of an nskey entry. */
  public String decodeNskey(byte[] key) {
    if (!Bytes.startsWith(key, nskeyPrefix)) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "not an nskey key");
    }
    List<Object> items = Tuple.unpack(key, nskeyPrefix.length);
    if (items.size() != 1 || !(items.get(0) instanceof String s)) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed nskey key");
    }
    return s;
  }

  public byte[] nsmd(Version ns) {
    return cat(nsmdPrefix, ns.bytes());
  }

  /**
   * SET_VERSIONSTAMPED_KEY parameter for the nsmd key of a namespace created by this very commit.
   */
  public byte[] nsmdTemplate() {
    return vsKeyTemplate(nsmdPrefix, new byte[0]);
  }

  public byte[] overlayRef(Version base, Version child) {
    return cat(overlayRefPrefix, base.bytes(), child.bytes());
  }

  /**
   * SET_VERSIONSTAMPED_KEY parameter for {@code overlay_ref(base, <this commit's versionstamp>)}.
   */
  public byte[] overlayRefTemplate(Version base) {
    return vsKeyTemplate(cat(overlayRefPrefix, base.bytes()), new byte[0]);
  }

  /** All overlay_ref entries of children of {@code base}. */
  public byte[][] overlayRefRange(Version base) {
    byte[] p = cat(overlayRefPrefix, base.bytes());
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** The child namespace id of an overlay_ref key. */
  public Version overlayRefChild(byte[] key) {
    return new Version(
        Arrays.copyOfRange(key, overlayRefPrefix.length + Version.LENGTH, key.length));
  }

  public byte[] rollbackCursor(Version ns) {
    return cat(rollbackCursorPrefix, ns.bytes());
  }

  public byte[] nstask(Version ns, String task) {
    return cat(nstaskPrefix, ns.bytes(), Tuple.builder().add(task).pack());
  }

  /** Every task lock of a namespace (cleared when the namespace is deleted). */
  public byte[][] nstaskRange(Version ns) {
    byte[] p = cat(nstaskPrefix, ns.bytes());
    return new byte[][] {p, Bytes.strinc(p)};
  }

  public byte[] globalTask(String task) {
    return Tuple.builder().add(metadataPrefix).add("globaltask").add(task).pack();
  }

  public byte[] time2version(long unixSecs) {
    return Tuple.builder().add(metadataPrefix).add("time2version").addUnsigned(unixSecs).pack();
  }

  /** The unix seconds of a time2version key. */
  public long decodeTime2version(byte[] key) {
    List<Object> items = Tuple.unpack(key, time2versionPrefix.length);
    if (items.size() != 1 || !(items.get(0) instanceof Long secs)) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed time2version key");
    }
    return secs;
  }

  public byte[] commitToken(Version ns) {
    return cat(commitTokenPrefix, ns.bytes());
  }

  public byte[] lease(Version ns, byte[] leaseId) {
    return cat(leasePrefix, ns.bytes(), leaseId);
  }

  /** All leases of a namespace. */
  public byte[][] leaseRange(Version ns) {
    byte[] p = cat(leasePrefix, ns.bytes());
    return new byte[][] {p, Bytes.strinc(p)};
  }

  public byte[] stagedNamespace(Version ns) {
    return cat(stagedNsPrefix, ns.bytes());
  }

  /** All namespaces with staged commits waiting to be merged. */
  public byte[][] stagedNamespaceRange() {
    return new byte[][] {stagedNsPrefix, Bytes.strinc(stagedNsPrefix)};
  }

  public Version decodeStagedNamespace(byte[] key) {
    return new Version(
        Arrays.copyOfRange(key, stagedNsPrefix.length, stagedNsPrefix.length + Version.LENGTH));
  }

  // ------------------------------------------------------------------ per-namespace data families

  /** {@code [P ns, P ns 0xff)}: everything a namespace stores. */
  public byte[][] namespaceDataRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes());
    return new byte[][] {p, cat(p, new byte[] {(byte) 0xff})};
  }

  public byte[] lastWriteVersion(Version ns) {
    return cat(rawPrefix, ns.bytes(), new byte[] {LWV});
  }

  public byte[] page(Version ns, int pageIndex, Version version) {
    byte[] k = pagePrefix(ns, pageIndex);
    return cat(k, version.bytes());
  }

  /** {@code P ns 'p' page}: the prefix of every version of one page. */
  public byte[] pagePrefix(Version ns, int pageIndex) {
    return cat(rawPrefix, ns.bytes(), new byte[] {PAGE}, u32be(pageIndex));
  }

  /** SET_VERSIONSTAMPED_KEY parameter for the page-index entry of this commit. */
  public byte[] pageTemplate(Version ns, int pageIndex) {
    return vsKeyTemplate(pagePrefix(ns, pageIndex), new byte[0]);
  }

  /** {@code [P ns 'p', P ns 'q')}: the whole page index of a namespace. */
  public byte[][] pageIndexRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {PAGE});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** The page index and version of a page-index key. */
  public PageKey decodePage(byte[] key) {
    int at = rawPrefix.length + Version.LENGTH + 1;
    if (key.length != at + 4 + Version.LENGTH || key[at - 1] != PAGE) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed page-index key");
    }
    int page = ByteBuffer.wrap(key, at, 4).getInt();
    return new PageKey(page, new Version(Arrays.copyOfRange(key, at + 4, key.length)));
  }

  /** A decoded page-index key. */
  public record PageKey(int pageIndex, Version version) {}

  public byte[] content(Version ns, PageHash h) {
    return cat(rawPrefix, ns.bytes(), new byte[] {CONTENT}, h.bytes());
  }

  public byte[] contentIndex(Version ns, PageHash h) {
    return cat(rawPrefix, ns.bytes(), new byte[] {CONTENT_INDEX}, h.bytes());
  }

  public byte[][] contentIndexRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {CONTENT_INDEX});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  public PageHash decodeContentIndexHash(byte[] key) {
    return new PageHash(Arrays.copyOfRange(key, key.length - PageHash.LENGTH, key.length));
  }

  /**
   * SET_VERSIONSTAMPED_VALUE parameter of a content-index entry: {@code unix_secs u64 BE || <vs> ||
   * offset(8)}.
   */
  public static byte[] contentIndexValueTemplate(long unixSecs) {
    byte[] v = new byte[8 + Version.LENGTH + 4];
    ByteBuffer.wrap(v).putLong(unixSecs);
    writeOffset(v, 8);
    return v;
  }

  public byte[] referrer(Version ns, PageHash delta) {
    return cat(rawPrefix, ns.bytes(), new byte[] {REFERRER}, delta.bytes());
  }

  public byte[][] referrerRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {REFERRER});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  public byte[] changelog(Version ns, Version version) {
    return cat(changelogPrefix(ns), version.bytes());
  }

  public byte[] changelogPrefix(Version ns) {
    return cat(rawPrefix, ns.bytes(), new byte[] {CHANGELOG});
  }

  public byte[] changelogTemplate(Version ns) {
    return vsKeyTemplate(changelogPrefix(ns), new byte[0]);
  }

  public Version decodeChangelogVersion(byte[] key) {
    return new Version(Arrays.copyOfRange(key, key.length - Version.LENGTH, key.length));
  }

  public byte[] idempotency(Version ns, IdempotencyKey key) {
    return cat(rawPrefix, ns.bytes(), new byte[] {IDEMPOTENCY}, key.bytes());
  }

  public byte[][] idempotencyRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {IDEMPOTENCY});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  public byte[] stagedEntry(Version ns, byte[] commitId, int pageIndex) {
    return cat(stagedEntriesPrefix(ns, commitId), u32be(pageIndex));
  }

  public byte[] stagedEntriesPrefix(Version ns, byte[] commitId) {
    return cat(rawPrefix, ns.bytes(), new byte[] {STAGED_ENTRY}, commitId);
  }

  public int decodeStagedEntryPage(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 4, 4).getInt();
  }

  public byte[] stagedCommit(Version ns, Version version) {
    return cat(stagedCommitPrefix(ns), version.bytes());
  }

  public byte[] stagedCommitPrefix(Version ns) {
    return cat(rawPrefix, ns.bytes(), new byte[] {STAGED_COMMIT});
  }

  public byte[] stagedCommitTemplate(Version ns) {
    return vsKeyTemplate(stagedCommitPrefix(ns), new byte[0]);
  }

  public Version decodeStagedCommitVersion(byte[] key) {
    return new Version(Arrays.copyOfRange(key, key.length - Version.LENGTH, key.length));
  }

  public byte[] staging(Version ns, byte[] commitId) {
    return cat(rawPrefix, ns.bytes(), new byte[] {STAGING}, commitId);
  }

  public byte[][] stagingRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {STAGING});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** The commit id of a staging-in-flight key ({@code P ns 'i' commit_id}). */
  public byte[] decodeStagingCommitId(byte[] key) {
    return Arrays.copyOfRange(key, rawPrefix.length + Version.LENGTH + 1, key.length);
  }

  /**
   * {@code [P ns 's', P ns 't')}: every staged entry of a namespace, whatever staged commit it
   * belongs to.
   */
  public byte[][] allStagedEntriesRange(Version ns) {
    byte[] p = cat(rawPrefix, ns.bytes(), new byte[] {STAGED_ENTRY});
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** Every staged entry of the staged commit {@code commitId}. */
  public byte[][] stagedEntriesRange(Version ns, byte[] commitId) {
    byte[] p = stagedEntriesPrefix(ns, commitId);
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** The commit id (16 bytes) of a staged-entry key ({@code P ns 's' commit_id page}). */
  public byte[] decodeStagedEntryCommitId(byte[] key) {
    int at = rawPrefix.length + Version.LENGTH + 1;
    return Arrays.copyOfRange(key, at, key.length - 4);
  }

  /** {@code [P ns 'b', P ns 'c')}: every published, not yet merged staged commit of a namespace. */
  public byte[][] stagedCommitRange(Version ns) {
    byte[] p = stagedCommitPrefix(ns);
    return new byte[][] {p, Bytes.strinc(p)};
  }

  /** A staging-in-flight value: its expiry in unix seconds ({@code u64 BE}). */
  public static byte[] stagingValue(long expirySecs) {
    return u64be(expirySecs);
  }

  /** The expiry (unix seconds) of a staging-in-flight value ({@code u64 BE}). */
  public static long decodeStagingExpirySecs(byte[] value) {
    if (value.length != 8) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed staging-in-flight value");
    }
    return ByteBuffer.wrap(value).getLong();
  }

  /** The version of the commit an idempotency record ({@code k}) remembers. */
  public static Version decodeIdempotencyVersion(byte[] value) {
    if (value.length != Version.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed idempotency record");
    }
    return new Version(value);
  }

  /** The snapshot version (10 raw bytes) stored in an overlay_ref value. */
  public static Version decodeOverlayRefSnapshot(byte[] value) {
    if (value.length != Version.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed overlay_ref value");
    }
    return new Version(value);
  }

  /**
   * A rollback cursor value: the page index as u32 little-endian (the byte order of the MAX
   * mutation).
   */
  public static byte[] rollbackCursorValue(int pageIndex) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(pageIndex).array();
  }

  /**
   * The page index of a rollback cursor value; anything but 4 bytes reads as 0 (start over: always
   * safe).
   */
  public static int decodeRollbackCursor(byte[] value) {
    if (value == null || value.length != 4) {
      return 0;
    }
    return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /**
   * A last-write-version value set by a rollback: no idempotency key (zeros) and the lock's
   * snapshot version.
   */
  public static byte[] lastWriteVersionAfterRollback(Version snapshot) {
    return cat(new byte[IdempotencyKey.LENGTH], snapshot.bytes());
  }

  // ------------------------------------------------------------------ values

  /**
   * A decoded content-index value: when the content was last written or touched, and by which
   * commit.
   */
  public record ContentIndexValue(long unixSecs, Version version) {}

  public static ContentIndexValue decodeContentIndexValue(byte[] value) {
    if (value.length != 8 + Version.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed content-index value");
    }
    return new ContentIndexValue(
        ByteBuffer.wrap(value).getLong(), new Version(Arrays.copyOfRange(value, 8, 18)));
  }

  /**
   * A decoded last-write-version value: the idempotency key and version of the namespace's latest
   * commit.
   */
  public record LastWrite(IdempotencyKey idempotencyKey, Version version) {}

  public static LastWrite decodeLastWriteVersion(byte[] value) {
    if (value.length != IdempotencyKey.LENGTH + Version.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed last-write-version value");
    }
    return new LastWrite(
        new IdempotencyKey(Arrays.copyOf(value, IdempotencyKey.LENGTH)),
        new Version(Arrays.copyOfRange(value, IdempotencyKey.LENGTH, value.length)));
  }

  /**
   * SET_VERSIONSTAMPED_VALUE parameter of the last-write version: {@code idempotency_key || <vs>}.
   */
  public static byte[] lastWriteVersionTemplate(IdempotencyKey key) {
    return versionstampValueTemplate(key.bytes());
  }

  /** Changelog entry type: the sorted distinct pages follow. */
  private static final byte CHANGELOG_PAGES = 0x00;

  /**
   * Changelog entry type: "too many pages / unknown"; readers of an interval spanning it learn
   * nothing.
   */
  private static final byte CHANGELOG_UNKNOWN = 0x01;

  /** A changelog value listing {@code pages}, which must be sorted ascending and distinct. */
  public static byte[] changelogValue(int[] sortedDistinctPages) {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 * sortedDistinctPages.length).put(CHANGELOG_PAGES);
    for (int p : sortedDistinctPages) {
      b.putInt(p);
    }
    return b.array();
  }

  /** The changelog value meaning "unknown pages changed" ({@code 0x01}). */
  public static byte[] changelogUnknownValue() {
    return new byte[] {CHANGELOG_UNKNOWN};
  }

  /**
   * The pages of a changelog value, or {@code null} for "unknown" and for any value this codec
   * cannot read.
   */
  public static int[] decodeChangelog(byte[] value) {
    if (value.length == 0 || value[0] != CHANGELOG_PAGES || (value.length - 1) % 4 != 0) {
      return null;
    }
    int[] pages = new int[(value.length - 1) / 4];
    ByteBuffer b = ByteBuffer.wrap(value, 1, value.length - 1);
    for (int i = 0; i < pages.length; i++) {
      pages[i] = b.getInt();
    }
    return pages;
  }

  /**
   * A decoded transaction lease: its expiry (unix seconds) and the version of the commit that
   * created it.
   */
  public record LeaseValue(long expirySecs, Version start) {}

  /** SET_VERSIONSTAMPED_VALUE parameter creating a lease: {@code expiry u64 BE || <vs>}. */
  public static byte[] leaseValueTemplate(long expirySecs) {
    return versionstampValueTemplate(u64be(expirySecs));
  }

  public static byte[] leaseValue(LeaseValue lease) {
    return cat(u64be(lease.expirySecs()), lease.start().bytes());
  }

  public static LeaseValue decodeLease(byte[] value) {
    if (value.length != 8 + Version.LENGTH) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed transaction-lease value");
    }
    return new LeaseValue(
        ByteBuffer.wrap(value).getLong(), new Version(Arrays.copyOfRange(value, 8, 18)));
  }

  /**
   * A distributed task lock (nstask, globaltask; reference §12.3): held by {@code ownerId} (16
   * random bytes) until {@code expirySecs} (unix seconds). Stored as the MessagePack map {@code
   * {"expiry": u64, "owner_id": bin(16)}}.
   */
  public record TaskLock(long expirySecs, byte[] ownerId) {

    public TaskLock {
      ownerId = ownerId.clone();
    }

    @Override
    public byte[] ownerId() {
      return ownerId.clone();
    }

    public boolean isOwnedBy(byte[] owner) {
      return MessageDigest.isEqual(ownerId, owner);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TaskLock t
          && t.expirySecs == expirySecs
          && Arrays.equals(t.ownerId, ownerId);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(expirySecs) * 31 + Arrays.hashCode(ownerId);
    }

    @Override
    public String toString() {
      return "TaskLock[expirySecs=" + expirySecs + ", ownerId=" + Bytes.hex(ownerId) + "]";
    }
  }

  public static byte[] encodeTaskLock(TaskLock lock) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packMapHeader(2);
      p.packString("expiry").packLong(lock.expirySecs());
      byte[] owner = lock.ownerId();
      p.packString("owner_id").packBinaryHeader(owner.length).writePayload(owner);
      return p.toByteArray();
    } catch (IOException e) {
      throw new MvException(ErrorCode.INTERNAL, "cannot encode a task lock", e);
    }
  }

  /**
   * Decodes a task lock; anything that is not the reference's map (fields in any order) is
   * DATA_CORRUPT.
   */
  public static TaskLock decodeTaskLock(byte[] value) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(value)) {
      Long expiry = null;
      byte[] owner = null;
      int n = u.unpackMapHeader();
      for (int i = 0; i < n; i++) {
        String field = u.unpackString();
        switch (field) {
          case "expiry" -> expiry = u.unpackLong();
          case "owner_id" -> owner = u.readPayload(u.unpackBinaryHeader());
          default -> u.skipValue();
        }
      }
      if (expiry == null || owner == null) {
        throw new MvException(ErrorCode.DATA_CORRUPT, "task lock record lacks expiry or owner_id");
      }
      return new TaskLock(expiry, owner);
    } catch (IOException | MessagePackException e) {
      throw new MvException(ErrorCode.DATA_CORRUPT, "malformed task lock record", e);
    }
  }

  // ------------------------------------------------------------------ versionstamp parameters

  /** SET_VERSIONSTAMPED_VALUE parameter whose whole stored value is the versionstamp (offset 0). */
  public static byte[] versionstampValueTemplate() {
    return new byte[Version.LENGTH + 4];
  }

  /** SET_VERSIONSTAMPED_VALUE parameter {@code prefix || <vs>}. */
  public static byte[] versionstampValueTemplate(byte[] prefix) {
    byte[] v = new byte[prefix.length + Version.LENGTH + 4];
    System.arraycopy(prefix, 0, v, 0, prefix.length);
    writeOffset(v, prefix.length);
    return v;
  }

  private static byte[] vsKeyTemplate(byte[] prefix, byte[] suffix) {
    byte[] k = new byte[prefix.length + Version.LENGTH + suffix.length + 4];
    System.arraycopy(prefix, 0, k, 0, prefix.length);
    System.arraycopy(suffix, 0, k, prefix.length + Version.LENGTH, suffix.length);
    writeOffset(k, prefix.length);
    return k;
  }

  private static void writeOffset(byte[] param, int offset) {
    ByteBuffer.wrap(param, param.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(offset);
  }

  private static byte[] withVs(byte[] tuplePrefix) {
    return cat(tuplePrefix, new byte[] {VERSIONSTAMP_TYPE});
  }

  public static byte[] u64be(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static byte[] u32be(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static byte[] cat(byte[]... parts) {
    return Bytes.concat(parts);
  }
}
