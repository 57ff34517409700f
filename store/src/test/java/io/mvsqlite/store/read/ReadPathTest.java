package io.mvsqlite.store.read;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.OverlayBase;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.ContentCodec;
import io.mvsqlite.store.content.PageHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The read path of reference §5.3 with mvSQLite's additions (staged commits, VERSION_TRUNCATED).
 */
class ReadPathTest extends StoreFixture {

  private static final long SEED = 42L;
  private final Random random = new Random(SEED);

  private byte[] page(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private PageData readAt(String key, int page, Version v) {
    return pages.read(ref(key), List.of(PageRead.at(page, v))).getFirst();
  }

  @Test
  void aReadReturnsTheNewestVersionAtOrBeforeTheRequestedOne() {
    Version ns = createNamespace("db");
    byte[] a = page(4096);
    byte[] b = page(4096);
    byte[] c = page(4096);
    Version v1 = commits.commit(ns, 3, a);
    Version vOther = commits.commit(ns, 4, page(4096));
    Version v2 = commits.commit(ns, 3, b);
    Version v3 = commits.commit(ns, 3, c);

    assertThat(readAt("db", 3, v1).version()).isEqualTo(v1);
    assertThat(readAt("db", 3, v1).data()).isEqualTo(a);
    assertThat(readAt("db", 3, vOther).version()).isEqualTo(v1);
    assertThat(readAt("db", 3, vOther).data()).as("seed %d", SEED).isEqualTo(a);
    assertThat(readAt("db", 3, v2).data()).isEqualTo(b);
    assertThat(readAt("db", 3, v2).version()).isEqualTo(v2);
    assertThat(readAt("db", 3, v3).data()).isEqualTo(c);
    assertThat(readAt("db", 3, Version.atReadVersion(v3.commitVersion())).version()).isEqualTo(v3);
  }

  @Test
  void pagesNeverWrittenOrWrittenLaterAreAbsent() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, 1, page(100));
    Version v2 = commits.commit(ns, 2, page(100));
    assertThat(readAt("db", 9, v2).isAbsent()).isTrue();
    assertThat(readAt("db", 9, v2).version()).isNull();
    assertThat(readAt("db", 2, v1).isAbsent()).as("written after the read version").isTrue();
    assertThat(readAt("db", 1, ns).isAbsent())
        .as("at the namespace id, before any commit")
        .isTrue();
  }

  @Test
  void aBatchIsAnsweredInRequestOrderAcrossVersions() {
    Version ns = createNamespace("db");
    List<byte[]> data = new ArrayList<>();
    List<Version> versions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      data.add(page(512));
      versions.add(commits.commit(ns, i, data.get(i)));
    }
    List<PageRead> reads = new ArrayList<>();
    for (int i = 4; i >= 0; i--) {
      reads.add(PageRead.at(i, versions.get(4)));
      reads.add(PageRead.at(i, versions.get(i)));
    }
    reads.add(PageRead.at(77, versions.get(0)));
    List<PageData> out = pages.read(ref("db"), reads);
    assertThat(out).hasSize(11);
    for (int k = 0; k < 10; k++) {
      int i = 4 - k / 2;
      assertThat(out.get(k).data()).as("answer %d", k).isEqualTo(data.get(i));
      assertThat(out.get(k).version()).isEqualTo(versions.get(i));
    }
    assertThat(out.get(10).isAbsent()).isTrue();
  }

  @Test
  void moreThan200ReadsAreRejected() {
    Version ns = createNamespace("db");
    List<PageRead> reads = new ArrayList<>();
    for (int i = 0; i < 201; i++) {
      reads.add(PageRead.at(i, ns));
    }
    assertCode(() -> pages.read(ref("db"), reads), ErrorCode.TOO_MANY_READS);
    assertThat(pages.read(ref("db"), reads.subList(0, 200))).hasSize(200);
  }

  @Test
  void readYourWritesReturnsUploadedContentAtTheRequestedVersion() {
    Version ns = createNamespace("db");
    Version head = commits.commit(ns, 1, page(100));
    byte[] uploaded = page(4096);
    PageHash h = pages.write(ref("db"), List.of(new PageWrite(uploaded, 1)), null).getFirst();
    PageData out = pages.read(ref("db"), List.of(new PageRead(1, head, h))).getFirst();
    assertThat(out.version()).isEqualTo(head);
    assertThat(out.data()).isEqualTo(uploaded);
  }

  @Test
  void readYourWritesOfCollectedContentIsABadPageReference() {
    Version ns = createNamespace("db");
    PageHash never = PageHasher.hash(new byte[] {1, 2, 3});
    assertCode(
        () -> pages.read(ref("db"), List.of(new PageRead(1, ns, never))),
        ErrorCode.BAD_PAGE_REFERENCE);
  }

  @Test
  void deltaEncodedPagesReadBackExactly() {
    Version ns = createNamespace("db");
    byte[] v1 = page(8192);
    commits.commit(ns, 5, v1);
    byte[] v2 = v1.clone();
    v2[10] ^= 1;
    v2[5000] ^= 2;
    PageHash h2 = pages.write(ref("db"), List.of(new PageWrite(v2, 5)), null).getFirst();
    assertThat(storedContent(ns, h2)[0]).as("stored as a delta").isEqualTo((byte) 0x02);
    Version at =
        ctx.runner()
            .runWithCommit(
                kv,
                tr -> {
                  tr.mutate(
                      io.mvsqlite.kv.MutationType.SET_VERSIONSTAMPED_KEY,
                      keys.pageTemplate(ns, 5),
                      h2.bytes());
                  return new Version(tr.commit().versionstamp().toBytes());
                });
    assertThat(readAt("db", 5, at).data()).isEqualTo(v2);
  }

  @Test
  void readsBelowTheTruncationWatermarkAreVersionTruncated() {
    Version ns = createNamespace("db");
    Version v1 = commits.commit(ns, 1, page(100));
    Version v2 = commits.commit(ns, 1, page(100));
    setMetadata(ns, md -> md.withTruncatedBefore(v2));
    assertCode(() -> readAt("db", 1, v1), ErrorCode.VERSION_TRUNCATED);
    assertThat(readAt("db", 1, v2).version()).isEqualTo(v2);
  }

  @Test
  void anIndexEntryWithoutContentIsDataCorrupt() {
    Version ns = createNamespace("db");
    byte[] data = page(100);
    Version v = commits.commit(ns, 1, data);
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.clear(keys.content(ns, PageHasher.hash(data)));
              return null;
            });
    assertCode(() -> readAt("db", 1, v), ErrorCode.DATA_CORRUPT);
  }

  @Test
  void contentThatDoesNotHashToItsAddressIsDataCorruptWhenVerifying() {
    var verifying = openEngine(c -> c.withVerifyPageHashes(true)).pageStore();
    Version ns = createNamespace("db");
    byte[] data = page(100);
    byte[] other = data.clone();
    other[0] ^= 1;
    Version v = commits.commit(ns, 1, data);
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.content(ns, PageHasher.hash(data)), ContentCodec.encode(other));
              return null;
            });
    assertCode(() -> verifying.read(ref("db"), List.of(PageRead.at(1, v))), ErrorCode.DATA_CORRUPT);
    assertThat(readAt("db", 1, v).data())
        .as("without verification (the default, as in the reference) the stored bytes are served")
        .isEqualTo(other);
  }

  @Test
  void aVersionFarInTheFutureIsABadVersionAndOneJustAheadACausalReadFault() {
    createNamespace("db");
    long rv;
    try (KvTransaction tr = kv.createTransaction()) {
      rv = tr.getReadVersion();
    }
    assertCode(() -> readAt("db", 1, Version.of(rv + 3_600_000_000L, 0)), ErrorCode.BAD_VERSION);
    assertCode(() -> readAt("db", 1, Version.of(rv + 1_000_000L, 0)), ErrorCode.CAUSAL_READ_FAULT);
  }

  @Test
  void aForkFallsBackToItsBaseAtTheForkSnapshot() {
    Version base = createNamespace("base");
    byte[] b1 = page(100);
    byte[] b2 = page(100);
    Version snap = commits.commit(base, 1, b1);
    commits.commit(base, 1, b2);
    commits.commit(base, 2, page(100));
    admin.create("fork", new OverlayBase(base, snap));
    Version fork = admin.stat("fork").id();
    Version head = pages.stat(ref("fork"), null, null).version();
    assertThat(head).as("a fresh fork reads at its id").isEqualTo(fork);

    PageData fromBase = readAt("fork", 1, head);
    assertThat(fromBase.data()).isEqualTo(b1);
    assertThat(fromBase.version()).isEqualTo(snap);
    assertThat(readAt("fork", 2, head).isAbsent())
        .as("written to the base after the snapshot")
        .isTrue();

    byte[] own = page(100);
    Version forkV = commits.commit(fork, 1, own);
    assertThat(readAt("fork", 1, forkV).data()).isEqualTo(own);
  }

  @Test
  void aForkWhoseBaseWasTruncatedPastTheSnapshotFailsOnlyForFallThroughReads() {
    Version base = createNamespace("base");
    Version snap = commits.commit(base, 1, page(100));
    Version later = commits.commit(base, 1, page(100));
    admin.create("fork", new OverlayBase(base, snap));
    Version fork = admin.stat("fork").id();
    byte[] own = page(100);
    Version forkV = commits.commit(fork, 2, own);
    setMetadata(base, md -> md.withTruncatedBefore(later));
    assertCode(() -> readAt("fork", 1, forkV), ErrorCode.VERSION_TRUNCATED);
    assertThat(readAt("fork", 2, forkV).data()).isEqualTo(own);
  }

  @Test
  void stagedCommitsAreVisibleFromPublicationThroughMerge() {
    Version ns = createNamespace("db");
    byte[] old1 = page(100);
    Version v0 = commits.commit(ns, Map.of(1, old1, 2, page(100)));
    byte[] commitId = new byte[16];
    random.nextBytes(commitId);
    byte[] s1 = page(100);
    byte[] s3 = page(100);
    Version vs = commits.publishStaged(ns, commitId, Map.of(1, s1, 3, s3));
    byte[] after = page(100);
    Version v2 = commits.commit(ns, 3, after);

    assertStagedView(v0, vs, v2, old1, s1, s3, after);
    commits.mergeStagedEntries(ns, vs, commitId);
    assertStagedView(v0, vs, v2, old1, s1, s3, after);
    commits.finishStaged(ns, vs, commitId);
    assertThat(ctx.runner().run(kv, tr -> ctx.metadata().get(tr, ns)).stagedCommits()).isZero();
    assertStagedView(v0, vs, v2, old1, s1, s3, after);
  }

  private void assertStagedView(
      Version v0, Version vs, Version v2, byte[] old1, byte[] s1, byte[] s3, byte[] after) {
    assertThat(readAt("db", 1, v0).data()).isEqualTo(old1);
    assertThat(readAt("db", 3, v0).isAbsent()).isTrue();
    assertThat(readAt("db", 1, vs))
        .satisfies(
            p -> {
              assertThat(p.version()).isEqualTo(vs);
              assertThat(p.data()).isEqualTo(s1);
            });
    assertThat(readAt("db", 3, vs).data()).isEqualTo(s3);
    assertThat(readAt("db", 1, v2).data()).isEqualTo(s1);
    assertThat(readAt("db", 3, v2))
        .satisfies(
            p -> {
              assertThat(p.version()).as("a later index entry beats the staged one").isEqualTo(v2);
              assertThat(p.data()).isEqualTo(after);
            });
  }

  @Test
  void theContentCacheServesRepeatedReads() {
    var cached = openEngine(c -> c.withContentCacheSize(100)).pageStore();
    Version ns = createNamespace("db");
    byte[] data = page(4096);
    Version v = commits.commit(ns, 1, data);
    assertThat(cached.read(ref("db"), List.of(PageRead.at(1, v))).getFirst().data())
        .isEqualTo(data);
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.clear(keys.content(ns, PageHasher.hash(data)));
              return null;
            });
    assertThat(cached.read(ref("db"), List.of(PageRead.at(1, v))).getFirst().data())
        .as("served from the cache, by hash")
        .isEqualTo(data);
    assertCode(() -> readAt("db", 1, v), ErrorCode.DATA_CORRUPT);
  }

  private byte[] storedContent(Version ns, PageHash h) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(keys.content(ns, h));
    }
  }

  private void setMetadata(Version ns, java.util.function.UnaryOperator<NamespaceMetadata> change) {
    ctx.runner()
        .run(
            kv,
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              ctx.metadata().put(tr, ns, change.apply(md));
              return null;
            });
  }
}
