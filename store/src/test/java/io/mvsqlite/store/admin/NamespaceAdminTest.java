package io.mvsqlite.store.admin;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.NamespaceMetadata.NamespaceLock;
import io.mvsqlite.protocol.NamespaceMetadata.OverlayBase;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.TaskLock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The namespace admin API (reference §4, §9) with the fixes of §16.3, §16.6 and §16.16. */
class NamespaceAdminTest extends StoreFixture {

  private final byte[] data = {1, 2, 3};

  @Test
  void createGivesANamespaceWhoseIdIsItsCreatingVersion() {
    admin.create("db", null);
    NamespaceInfo info = admin.stat("db");
    assertThat(info.key()).isEqualTo("db");
    assertThat(info.metadata()).isEqualTo(NamespaceMetadata.EMPTY);
    try (KvTransaction tr = kv.createTransaction()) {
      assertThat(info.id().commitVersion()).isLessThanOrEqualTo(tr.getReadVersion());
      assertThat(tr.get(keys.nsmd(info.id()))).isNotNull();
    }
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(info.id());
  }

  @Test
  void createRefusesAnExistingKeyAndEmptyKeys() {
    admin.create("db", null);
    assertCode(() -> admin.create("db", null), ErrorCode.NAMESPACE_EXISTS);
    assertCode(() -> admin.create("", null), ErrorCode.INVALID_NAMESPACE_KEY);
    assertThat(listAll("")).hasSize(1);
  }

  @Test
  void renameMovesTheKeyAndKeepsTheData() {
    Version ns = createNamespace("old");
    Version v = commits.commit(ns, 1, data);
    admin.rename("old", "new");
    assertThat(admin.stat("new").id()).isEqualTo(ns);
    assertCode(() -> admin.stat("old"), ErrorCode.NAMESPACE_NOT_FOUND);
    assertThat(pages.read(ref("new"), List.of(PageRead.at(1, v))).getFirst().data())
        .isEqualTo(data);
    assertCode(() -> pages.stat(ref("old"), null, null), ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void renameRefusesAMissingSourceAndAnExistingTarget() {
    createNamespace("a");
    createNamespace("b");
    assertCode(() -> admin.rename("a", "b"), ErrorCode.NAMESPACE_EXISTS);
    assertCode(() -> admin.rename("missing", "c"), ErrorCode.NAMESPACE_NOT_FOUND);
    assertThat(listAll("").stream().map(NamespaceInfo::key)).containsExactly("a", "b");
  }

  @Test
  void deleteRemovesEverythingTheNamespaceOwns() {
    Version ns = createNamespace("db");
    Version other = createNamespace("other");
    commits.commit(ns, 1, data);
    commits.commit(other, 1, data);
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.commitToken(ns), new byte[16]);
              tr.set(keys.rollbackCursor(ns), new byte[4]);
              tr.set(
                  keys.nstask(ns, "truncate_versions"),
                  KeyCodec.encodeTaskLock(new TaskLock(1, new byte[16])));
              tr.set(keys.stagedNamespace(ns), new byte[0]);
              return null;
            });
    pages.renewLease(ref("db"), io.mvsqlite.protocol.LeaseId.random());

    admin.delete("db");

    assertCode(() -> admin.stat("db"), ErrorCode.NAMESPACE_NOT_FOUND);
    try (KvTransaction tr = kv.createTransaction()) {
      assertThat(tr.getRange(keys.namespaceDataRange(ns)[0], keys.namespaceDataRange(ns)[1]))
          .isEmpty();
      assertThat(tr.get(keys.nsmd(ns))).isNull();
      assertThat(tr.get(keys.commitToken(ns))).isNull();
      assertThat(tr.get(keys.rollbackCursor(ns))).isNull();
      assertThat(tr.get(keys.stagedNamespace(ns))).isNull();
      assertThat(tr.getRange(keys.nstaskRange(ns)[0], keys.nstaskRange(ns)[1])).isEmpty();
      assertThat(tr.getRange(keys.leaseRange(ns)[0], keys.leaseRange(ns)[1])).isEmpty();
      assertThat(tr.getRange(keys.namespaceDataRange(other)[0], keys.namespaceDataRange(other)[1]))
          .isNotEmpty();
    }
    assertCode(() -> admin.delete("db"), ErrorCode.NAMESPACE_NOT_FOUND);
  }

  @Test
  void aRecreatedKeyIsANewEmptyNamespace() {
    Version first = createNamespace("db");
    Version v = commits.commit(first, 1, data);
    pages.stat(ref("db"), null, null);
    admin.delete("db");
    Version second = createNamespace("db");
    assertThat(second).isGreaterThan(first);
    assertThat(pages.stat(ref("db"), null, null).version()).isEqualTo(second);
    assertThat(pages.read(ref("db"), List.of(PageRead.at(1, v))).getFirst().isAbsent()).isTrue();
  }

  @Test
  void listPagesThroughAllKeysWithThePrefix() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      String key = String.format("app-%03d", i);
      admin.create(key, null);
      expected.add(key);
    }
    admin.create("other", null);
    assertThat(listAll("app-").stream().map(NamespaceInfo::key))
        .containsExactlyElementsOf(expected);
    assertThat(listAll("")).hasSize(231);
    assertThat(listAll("app-1").stream().map(NamespaceInfo::key))
        .containsExactlyElementsOf(expected.subList(100, 200));
    assertThat(listAll("zzz")).isEmpty();
    NamespaceInfo first = listAll("app-000").getFirst();
    assertThat(first.id()).isEqualTo(admin.stat("app-000").id());
  }

  @Test
  void aForkReadsItsBaseAndProtectsIt() {
    Version base = createNamespace("base");
    Version snap = commits.commit(base, 1, data);
    admin.fork("base", snap, "fork");
    NamespaceInfo fork = admin.stat("fork");
    assertThat(fork.metadata().overlayBase()).isEqualTo(new OverlayBase(base, snap));
    assertThat(pages.read(ref("fork"), List.of(PageRead.at(1, fork.id()))).getFirst().data())
        .isEqualTo(data);

    assertCode(() -> admin.delete("base"), ErrorCode.NAMESPACE_HAS_CHILDREN);
    admin.delete("fork");
    try (KvTransaction tr = kv.createTransaction()) {
      assertThat(tr.getRange(keys.overlayRefRange(base)[0], keys.overlayRefRange(base)[1]))
          .isEmpty();
    }
    admin.delete("base");
  }

  @Test
  void forkAtNoVersionForksTheHead() {
    Version base = createNamespace("base");
    commits.commit(base, 1, data);
    Version head = commits.commit(base, 2, data);
    admin.fork("base", null, "fork");
    assertThat(admin.stat("fork").metadata().overlayBase().snapshotVersion()).isEqualTo(head);
  }

  @Test
  void forksAreCheckedAgainstTheirBase() {
    Version base = createNamespace("base");
    Version v1 = commits.commit(base, 1, data);
    Version v2 = commits.commit(base, 1, data);
    Version missing = Version.of(v1.commitVersion() - 1, 0);

    assertCode(
        () -> admin.create("f1", new OverlayBase(missing, v1)), ErrorCode.NAMESPACE_NOT_FOUND);
    Version future = Version.of(v2.commitVersion() + 1, 0);
    assertCode(() -> admin.create("f2", new OverlayBase(base, future)), ErrorCode.BAD_VERSION);
    assertCode(() -> admin.fork("nope", v1, "f3"), ErrorCode.NAMESPACE_NOT_FOUND);

    setMetadata(base, md -> md.withTruncatedBefore(v2));
    assertCode(() -> admin.create("f4", new OverlayBase(base, v1)), ErrorCode.BASE_TRUNCATED);
    admin.create("f5", new OverlayBase(base, v2));

    assertCode(() -> admin.fork("f5", null, "f6"), ErrorCode.MALFORMED_REQUEST);

    setMetadata(base, md -> md.withLock(new NamespaceLock(v2, "owner", "00", false)));
    assertCode(() -> admin.create("f7", new OverlayBase(base, v2)), ErrorCode.BASE_LOCKED);
    assertThat(listAll("f").stream().map(NamespaceInfo::key)).containsExactly("f5");
  }

  @Test
  void readOnlyStoresRefuseChangesButAnswerQueries() {
    createNamespace("db");
    var ro = openEngine(c -> c.withReadOnly(true)).admin();
    assertCode(() -> ro.create("x", null), ErrorCode.READ_ONLY);
    assertCode(() -> ro.rename("db", "y"), ErrorCode.READ_ONLY);
    assertCode(() -> ro.delete("db"), ErrorCode.READ_ONLY);
    assertCode(() -> ro.truncate("db", Version.MAX, false, n -> {}), ErrorCode.READ_ONLY);
    assertCode(() -> ro.deleteUnreferencedContent("db", false, n -> {}), ErrorCode.READ_ONLY);
    assertThat(ro.stat("db").key()).isEqualTo("db");
  }

  @Test
  void historyTasksOnAFreshNamespaceFindNothingToDelete() {
    createNamespace("db");
    assertThat(admin.truncate("db", Version.MAX, true, n -> {})).isZero();
    assertThat(admin.deleteUnreferencedContent("db", true, n -> {})).isZero();
    assertCode(() -> admin.truncate("db", null, true, n -> {}), ErrorCode.BAD_VERSION);
  }

  private List<NamespaceInfo> listAll(String prefix) {
    List<NamespaceInfo> out = new ArrayList<>();
    admin.list(prefix, out::add);
    return out;
  }

  private void setMetadata(Version ns, UnaryOperator<NamespaceMetadata> change) {
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
