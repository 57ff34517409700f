package io.mvsqlite.store.meta;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.keys.KeyCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataCacheTest extends StoreFixture {

  @Test
  void corruptMetadataIsReportedNotSilentlyDefaulted() {
    Version ns = createNamespace("broken");
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.nsmd(ns), "{\"lock\": [oops".getBytes(StandardCharsets.UTF_8));
              MetadataVersion.bump(tr);
              return null;
            });
    assertCode(() -> pages.stat(ref("broken"), null, null), ErrorCode.DATA_CORRUPT);
  }

  @Test
  void writingMetadataBumpsTheMetadataVersion() {
    Version ns = createNamespace("md");
    byte[] before = readMetadataVersion();
    ctx.runner()
        .run(
            kv,
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              ctx.metadata().put(tr, ns, md.withTruncatedBefore(ns));
              return null;
            });
    assertThat(readMetadataVersion()).isNotNull().isNotEqualTo(before);
  }

  @Test
  void anotherServerSeesAMetadataChangeAtOnce() {
    Version ns = createNamespace("locked");
    Version head = commits.commit(ns, 0, new byte[] {7});
    commits.commit(ns, 0, new byte[] {8});
    MvStore other = openEngine(c -> c);
    Version live = other.pageStore().stat(ref("locked"), null, null).version();
    assertThat(live).isNotEqualTo(head);
    ctx.runner()
        .run(
            kv,
            tr -> {
              NamespaceMetadata md = ctx.metadata().get(tr, ns);
              ctx.metadata()
                  .put(tr, ns, md.withLock(new NamespaceLock(head, "owner", "00", false)));
              return null;
            });
    assertThat(other.pageStore().stat(ref("locked"), null, null).version()).isEqualTo(head);
  }

  @Test
  void everyMetadataReadConflictsWithAConcurrentChangeEvenWhenCached() {
    Version ns = createNamespace("conflict");
    try (KvTransaction warm = kv.createTransaction()) {
      ctx.metadata().get(warm, ns);
    }
    try (KvTransaction tr = kv.createTransaction()) {
      ctx.metadata().get(tr, ns);
      ctx.runner()
          .run(
              kv,
              other -> {
                NamespaceMetadata md = ctx.metadata().get(other, ns);
                ctx.metadata().put(other, ns, md.withStagedCommits(1));
                return null;
              });
      tr.set(keys.lastWriteVersion(ns), new byte[26]);
      assertThatThrownBy(tr::commit)
          .isInstanceOf(KvException.class)
          .extracting(e -> ((KvException) e).error())
          .isEqualTo(KvError.NOT_COMMITTED);
    }
  }

  @Test
  void withoutAMetadataVersionEachReadSeesTheStoredMetadata() {
    // A store whose metadata version was never bumped, and nsmd written without a bump (as by an
    // older writer): no read may be served what an earlier read decoded.
    Version ns = createNamespace("unstamped");
    for (String json : new String[] {"{}", "{\"staged_commits\": 2}", "{}"}) {
      ctx.runner()
          .run(
              kv,
              tr -> {
                tr.set(keys.nsmd(ns), json.getBytes(StandardCharsets.UTF_8));
                return null;
              });
      try (KvTransaction tr = kv.createTransaction()) {
        assertThat(MetadataVersion.read(tr)).isNull();
        assertThat(ctx.metadata().get(tr, ns).stagedCommits())
            .as("after writing %s", json)
            .isEqualTo(json.contains("2") ? 2 : 0);
      }
    }
  }

  private byte[] readMetadataVersion() {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.get(KeyCodec.METADATA_VERSION_KEY);
    }
  }
}
