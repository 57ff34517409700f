package io.mvsqlite.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.content.PageHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API client against a real mvstore (started in this process): success paths and error
 * codes.
 */
class HttpNamespaceAdminTest {

  private static StressTarget server;
  private static NamespaceAdmin admin;
  private static PageStore store;

  @BeforeAll
  static void start() {
    StressConfig config =
        StressConfig.builder()
            .target(new StressConfig.InProcessServer(EngineKnobs.defaults(), null))
            .httpTimeout(Duration.ofSeconds(30))
            .build();
    server = StressTarget.open(config);
    admin = server.admin();
    store = server.pageStore();
    assertThat(admin).isInstanceOf(HttpNamespaceAdmin.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Version commitPage(String ns, int page, byte[] data) {
    NamespaceRef ref = NamespaceRef.of(ns);
    Version base = store.stat(ref, null, null).version();
    CommitOutcome o =
        store.commit(
            new CommitRequest(
                IdempotencyKey.random(),
                true,
                null,
                null,
                false,
                List.of(
                    new NamespaceCommit(
                        ref,
                        base,
                        null,
                        List.of(new PageCommit(page, PageHasher.hash(data), data))))));
    return ((CommitOutcome.Committed) o).version();
  }

  @Test
  void createStatListRenameDelete() {
    admin.create("adm-a", null);
    NamespaceInfo info = admin.stat("adm-a");
    assertThat(info.key()).isEqualTo("adm-a");
    assertThat(info.id()).isNotNull();
    assertThat(info.metadata().stagedCommits()).isZero();

    List<String> keys = new ArrayList<>();
    admin.list("adm-", i -> keys.add(i.key()));
    assertThat(keys).contains("adm-a");

    admin.rename("adm-a", "adm-b");
    assertThatThrownBy(() -> admin.stat("adm-a"))
        .isInstanceOfSatisfying(
            MvException.class,
            e -> assertThat(e.code()).isIn(ErrorCode.NAMESPACE_NOT_FOUND, ErrorCode.NOT_FOUND));
    admin.delete("adm-b");
    assertThatThrownBy(() -> admin.delete("adm-b")).isInstanceOf(MvException.class);
  }

  @Test
  void creatingAnExistingKeyIsNamespaceExists() {
    admin.create("adm-dup", null);
    assertThatThrownBy(() -> admin.create("adm-dup", null))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAMESPACE_EXISTS));
  }

  @Test
  void truncationReportsProgressAndRaisesTheWatermark() {
    admin.create("adm-trunc", null);
    Version v1 = commitPage("adm-trunc", 1, new byte[] {1});
    commitPage("adm-trunc", 1, new byte[] {2});
    Version v3 = commitPage("adm-trunc", 1, new byte[] {3});
    List<Long> progress = new ArrayList<>();
    assertThat(admin.truncate("adm-trunc", v3, false, progress::add)).isEqualTo(2);
    assertThat(admin.truncate("adm-trunc", v3, true, progress::add)).isEqualTo(2);
    assertThat(admin.stat("adm-trunc").metadata().truncatedBefore()).isEqualTo(v3);
    assertThatThrownBy(() -> store.read(NamespaceRef.of("adm-trunc"), List.of(PageRead.at(1, v1))))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_TRUNCATED));
  }

  @Test
  void contentGcOfAnUnknownNamespaceIs404() {
    assertThatThrownBy(() -> admin.deleteUnreferencedContent("adm-nope", false, n -> {}))
        .isInstanceOfSatisfying(
            MvException.class, e -> assertThat(e.code().httpStatus()).isEqualTo(404));
    admin.create("adm-gc", null);
    assertThat(admin.deleteUnreferencedContent("adm-gc", true, n -> {})).isZero();
  }
}
