package io.mvsqlite.store.write;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.kv.MutationType;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.store.keys.KeyCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code /batch/write} and the WriteApplier (reference §3.3, §5.2). */
class BatchWriteTest extends StoreFixture {

  private static final long SEED = 99L;
  private final Random random = new Random(SEED);

  private byte[] page(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  @Test
  void answersOneHashPerPageInOrderAndStoresEachDistinctPageOnce() {
    Version ns = createNamespace("db");
    byte[] a = page(4096);
    byte[] b = page(4096);
    List<PageHash> hashes =
        pages.write(
            ref("db"),
            List.of(new PageWrite(a, null), new PageWrite(b, null), new PageWrite(a, null)),
            null);
    assertThat(hashes).containsExactly(PageHasher.hash(a), PageHasher.hash(b), PageHasher.hash(a));
    assertThat(count(keys.contentIndexRange(ns))).isEqualTo(2);
    assertThat(stored(keys.content(ns, hashes.get(0)))[0]).isEqualTo((byte) 0x01);
  }

  @Test
  void uploadingExistingContentTouchesItsContentIndexWithTheNewVersion() {
    Version ns = createNamespace("db");
    byte[] a = page(4096);
    PageHash h = pages.write(ref("db"), List.of(new PageWrite(a, null)), null).getFirst();
    KeyCodec.ContentIndexValue first =
        KeyCodec.decodeContentIndexValue(stored(keys.contentIndex(ns, h)));
    clock.advance(Duration.ofSeconds(30));
    pages.write(ref("db"), List.of(new PageWrite(a, null)), null);
    KeyCodec.ContentIndexValue second =
        KeyCodec.decodeContentIndexValue(stored(keys.contentIndex(ns, h)));
    assertThat(second.version()).isGreaterThan(first.version());
    assertThat(second.unixSecs()).isEqualTo(first.unixSecs() + 30);
  }

  @Test
  void aSmallChangeAgainstTheCurrentPageIsStoredAsADeltaThatProtectsItsBase() {
    Version ns = createNamespace("db");
    byte[] v1 = page(4096);
    commits.commit(ns, 7, v1);
    PageHash base = PageHasher.hash(v1);
    Version baseCiBefore =
        KeyCodec.decodeContentIndexValue(stored(keys.contentIndex(ns, base))).version();

    byte[] v2 = v1.clone();
    v2[0] ^= 1;
    PageHash h2 = pages.write(ref("db"), List.of(new PageWrite(v2, 7)), null).getFirst();
    byte[] content = stored(keys.content(ns, h2));
    assertThat(content[0]).isEqualTo((byte) 0x02);
    assertThat(Arrays.copyOfRange(content, 1, 33)).isEqualTo(base.bytes());
    assertThat(stored(keys.referrer(ns, h2))).isEqualTo(base.bytes());
    Version baseCiAfter =
        KeyCodec.decodeContentIndexValue(stored(keys.contentIndex(ns, base))).version();
    assertThat(baseCiAfter).as("the base's CI was touched").isGreaterThan(baseCiBefore);
  }

  @Test
  void aDeltaOfADeltaRefersToTheOriginalBase() {
    Version ns = createNamespace("db");
    byte[] v1 = page(4096);
    commits.commit(ns, 7, v1);
    byte[] v2 = v1.clone();
    v2[1] ^= 1;
    commits.commit(ns, 7, v2);
    // commits.commit stores v2 in full; rewrite it as a delta the way a /batch/write would have.
    byte[] v3 = v2.clone();
    v3[2] ^= 1;
    PageHash h3 = pages.write(ref("db"), List.of(new PageWrite(v3, 7)), null).getFirst();
    byte[] content3 = stored(keys.content(ns, h3));
    assertThat(Arrays.copyOfRange(content3, 1, 33)).isEqualTo(PageHasher.hash(v2).bytes());

    // Now make the current page a delta (v3, base v2) and delta-encode v4 against it: the base is
    // flattened to v2.
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, keys.pageTemplate(ns, 7), h3.bytes());
              return null;
            });
    byte[] v4 = v3.clone();
    v4[3] ^= 1;
    PageHash h4 = pages.write(ref("db"), List.of(new PageWrite(v4, 7)), null).getFirst();
    byte[] content4 = stored(keys.content(ns, h4));
    assertThat(content4[0]).isEqualTo((byte) 0x02);
    assertThat(Arrays.copyOfRange(content4, 1, 33))
        .as("flattened")
        .isEqualTo(PageHasher.hash(v2).bytes());
  }

  @Test
  void unrelatedContentIsNotDeltaEncoded() {
    Version ns = createNamespace("db");
    commits.commit(ns, 7, page(4096));
    PageHash h = pages.write(ref("db"), List.of(new PageWrite(page(4096), 7)), null).getFirst();
    assertThat(stored(keys.content(ns, h))[0]).isEqualTo((byte) 0x01);
    assertThat(stored(keys.referrer(ns, h))).isNull();
  }

  @Test
  void aHundredPagesAreAcceptedButNotAHundredAndOne() {
    Version ns = createNamespace("db");
    List<PageWrite> writes = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      writes.add(new PageWrite(page(1024), null));
    }
    assertCode(() -> pages.write(ref("db"), writes, null), ErrorCode.TOO_MANY_WRITES);
    assertThat(count(keys.contentIndexRange(ns))).isZero();
    assertThat(pages.write(ref("db"), writes.subList(0, 100), null)).hasSize(100);
    assertThat(count(keys.contentIndexRange(ns))).isEqualTo(100);
  }

  @Test
  void anOversizedPageRejectsTheWholeBatchAndWritesNothing() {
    Version ns = createNamespace("db");
    List<PageWrite> writes =
        List.of(new PageWrite(page(32768), null), new PageWrite(page(32769), null));
    assertCode(() -> pages.write(ref("db"), writes, null), ErrorCode.PAGE_TOO_LARGE);
    assertThat(count(keys.contentIndexRange(ns))).isZero();
    assertThat(pages.write(ref("db"), writes.subList(0, 1), null)).hasSize(1);
  }

  @Test
  void readOnlyStoresAndUnknownNamespacesRefuseWrites() {
    createNamespace("db");
    var readOnly = openEngine(c -> c.withReadOnly(true)).pageStore();
    assertCode(
        () -> readOnly.write(ref("db"), List.of(new PageWrite(page(10), null)), null),
        ErrorCode.READ_ONLY);
    assertCode(
        () -> pages.write(ref("nope"), List.of(new PageWrite(page(10), null)), null),
        ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void anApplierInACallersTransactionReportsTheHashesItTouched() {
    Version ns = createNamespace("db");
    byte[] v1 = page(4096);
    commits.commit(ns, 7, v1);
    byte[] v2 = v1.clone();
    v2[9] ^= 1;
    byte[] other = page(100);
    ctx.runner()
        .run(
            kv,
            tr -> {
              WriteApplier applier = ctx.newWriteApplier(tr, ns);
              List<PageHash> hashes =
                  applier.apply(List.of(new PageWrite(v2, 7), new PageWrite(other, null)));
              assertThat(applier.touchedHashes())
                  .containsExactlyInAnyOrder(hashes.get(0), hashes.get(1), PageHasher.hash(v1));
              assertThat(applier.apply(List.of(new PageWrite(other, null))))
                  .as("already handled")
                  .hasSize(1);
              return null;
            });
    assertThat(count(keys.contentIndexRange(ns))).isEqualTo(3);
  }

  private byte[] stored(byte[] key) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(key);
    }
  }

  private int count(byte[][] range) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.getRange(range[0], range[1]).size();
    }
  }
}
