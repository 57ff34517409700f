package io.mvsqlite.store.meta;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceDirectoryTest extends StoreFixture {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  private static final String PROTECTED = "db:" + HEX.formatHex(PageHasher.digest(SECRET));

  @Test
  void unknownKeysAreNotFound() {
    assertCode(() -> pages.stat(ref("nope"), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void aProtectedKeyResolvesOnlyWithItsProof() {
    Version id = createNamespace(PROTECTED);
    assertThat(pages.stat(new NamespaceRef(PROTECTED, HEX.formatHex(SECRET)), null, null).version())
        .isEqualTo(id);
    assertCode(() -> pages.stat(ref(PROTECTED), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
    assertCode(
        () -> pages.stat(new NamespaceRef(PROTECTED, "00"), null, null),
        ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void autoCreationCreatesUnknownKeysOnFirstUse() {
    PageStore auto = openEngine(c -> c.withAutoCreateNamespace(true)).pageStore();
    Version version = auto.stat(ref("fresh"), null, null).version();
    NamespaceInfo info = admin.stat("fresh");
    assertThat(version).as("a fresh namespace reads at its id").isEqualTo(info.id());
    assertThat(auto.stat(ref("fresh"), null, null).version()).isEqualTo(info.id());
  }

  @Test
  void autoCreationNeverCreatesOnARejectedProof() {
    PageStore auto = openEngine(c -> c.withAutoCreateNamespace(true)).pageStore();
    assertCode(() -> auto.stat(ref(PROTECTED), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
    assertCode(() -> auto.stat(ref("db:short"), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
    assertThat(listAll()).isEmpty();
    Version created =
        auto.stat(new NamespaceRef(PROTECTED, HEX.formatHex(SECRET)), null, null).version();
    assertThat(admin.stat(PROTECTED).id()).isEqualTo(created);
  }

  @Test
  void aWrongProofForAnExistingKeyIsACleanNotFoundEvenWithAutoCreation() {
    createNamespace(PROTECTED);
    PageStore auto = openEngine(c -> c.withAutoCreateNamespace(true)).pageStore();
    assertCode(
        () -> auto.stat(new NamespaceRef(PROTECTED, "beef"), null, null),
        ErrorCode.NAMESPACE_NOT_FOUND);
    assertThat(listAll()).hasSize(1);
  }

  @Test
  void anotherServerStopsResolvingADeletedKeyAtOnce() {
    Version id = createNamespace("victim");
    MvStore other = openEngine(c -> c);
    assertThat(other.pageStore().stat(ref("victim"), null, null).version()).isEqualTo(id);
    admin.delete("victim");
    assertCode(
        () -> other.pageStore().stat(ref("victim"), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void anotherServerFollowsARenameAtOnce() {
    Version id = createNamespace("old");
    commits.commit(id, 1, new byte[] {1});
    MvStore other = openEngine(c -> c);
    Version head = other.pageStore().stat(ref("old"), null, null).version();
    admin.rename("old", "new");
    assertCode(() -> other.pageStore().stat(ref("old"), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
    assertThat(other.pageStore().stat(ref("new"), null, null).version()).isEqualTo(head);
  }

  @Test
  void aWriteThatResolvedAKeyConflictsWithADeleteOfIt() {
    createNamespace("racy");
    try (KvTransaction tr = kv.createTransaction()) {
      Version ns = ctx.directory().resolve(tr, ref("racy"));
      admin.delete("racy");
      tr.set(keys.lastWriteVersion(ns), new byte[26]);
      assertThatThrownBy(tr::commit)
          .isInstanceOf(KvException.class)
          .extracting(e -> ((KvException) e).error())
          .isEqualTo(KvError.NOT_COMMITTED);
    }
  }

  private List<NamespaceInfo> listAll() {
    List<NamespaceInfo> out = new ArrayList<>();
    admin.list("", out::add);
    return out;
  }
}
