package io.mvsqlite.store.commit;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.content.PageHasher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validation before any KV write, with the reference's codes; a refused request changes nothing.
 */
class CommitValidationTest extends CommitFixture {

  private void assertRefused(CommitRequest r, ErrorCode code) {
    List<String> before = Snapshots.keySpace(kv);
    assertCode(() -> pages.commit(r), code);
    assertThat(Snapshots.keySpace(kv)).as("a refused commit changes nothing").isEqualTo(before);
  }

  @Test
  void oneToSixteenNamespaces() {
    createNamespace("db");
    assertRefused(
        new CommitRequest(IdempotencyKey.random(), true, null, null, false, List.of()),
        ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND);
    List<NamespaceCommit> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add(ns("db", head("db"), null));
    }
    assertRefused(
        new CommitRequest(IdempotencyKey.random(), true, null, null, false, seventeen),
        ErrorCode.NUM_NAMESPACES_OUT_OF_BOUND);
  }

  @Test
  void atMostTheCommitPageLimit() {
    createNamespace("db");
    PageHash h = PageHasher.hash(new byte[] {1});
    PageCommit e = entry(0, h);
    List<PageCommit> half = Collections.nCopies(Limits.MAX_PAGES_PER_COMMIT / 2 + 1, e);
    assertRefused(
        request(ns("db", head("db"), null, half), ns("db", head("db"), null, half)),
        ErrorCode.TOO_MANY_PAGES);
  }

  @Test
  void namespacesMustExistPassTheirProofAndBeDistinct() {
    createNamespace("db");
    Version base = head("db");
    assertRefused(request(ns("nope", base, null, fast(1, data(8)))), ErrorCode.NAMESPACE_NOT_FOUND);
    String protectedKey = "secret:" + PageHasher.hash("proof".getBytes()).hex();
    admin.create(protectedKey, null);
    NamespaceCommit noProof =
        new NamespaceCommit(new NamespaceRef(protectedKey, null), base, null, List.of());
    assertRefused(request(noProof), ErrorCode.NAMESPACE_NOT_FOUND);
    assertRefused(
        request(ns("db", base, null, fast(1, data(8))), ns("db", base, null, fast(2, data(8)))),
        ErrorCode.NAMESPACE_NOT_DISTINCT);
  }

  @Test
  void atMostOneHundredFastWritesOfAtMost32KiB() {
    createNamespace("db");
    Version base = head("db");
    List<PageCommit> many = new ArrayList<>();
    for (int i = 0; i <= Limits.MAX_FAST_WRITES_PER_COMMIT; i++) {
      many.add(fast(i, data(16)));
    }
    assertRefused(request(ns("db", base, null, many)), ErrorCode.TOO_MANY_FAST_WRITES);
    assertThat(pages.commit(request(ns("db", base, null, many.subList(0, 100))))).isNotNull();
    assertRefused(
        request(ns("db", head("db"), null, fast(1, data(Limits.MAX_PAGE_BYTES + 1)))),
        ErrorCode.PAGE_TOO_LARGE);
  }

  @Test
  void aFastWriteMustHashToItsDeclaredHash() {
    createNamespace("db");
    PageCommit lying = new PageCommit(1, PageHasher.hash(data(64)), data(64));
    assertRefused(request(ns("db", head("db"), null, lying)), ErrorCode.INVALID_HASH);
  }

  @Test
  void aReadOnlyStoreRefusesCommits() {
    createNamespace("db");
    MvStore replica = openEngine(c -> c.withReadOnly(true));
    List<String> before = Snapshots.keySpace(kv);
    assertCode(
        () -> replica.pageStore().commit(request(ns("db", head("db"), null, fast(1, data(8))))),
        ErrorCode.READ_ONLY);
    assertThat(Snapshots.keySpace(kv)).isEqualTo(before);
  }
}
