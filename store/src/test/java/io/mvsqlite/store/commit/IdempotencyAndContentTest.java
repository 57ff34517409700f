package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.content.PageHasher;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Idempotent retries (§16.2 fixed), content references, fast writes and delta encoding, lease
 * release.
 */
class IdempotencyAndContentTest extends CommitFixture {

  @Test
  void aRetryAfterSuccessAnswersTheSameVersionAndWritesNothing() {
    Version id = createNamespace("db");
    CommitRequest r = request(ns("db", head("db"), null, fast(1, data(64))));
    Version v = committed(r);
    assertThat(committed(retryOf(r))).isEqualTo(v);
    assertThat(versionsOf(id, 1)).containsExactly(v);
    assertThat(head("db")).isEqualTo(v);
  }

  @Test
  void aRetryAnswersItsVersionEvenAfterOtherCommitsLanded() {
    Version id = createNamespace("db");
    CommitRequest first = request(ns("db", head("db"), null, fast(1, data(64))));
    Version v1 = committed(first);
    Version v2 = committed(request(ns("db", v1, null, fast(2, data(64)))));
    Version v3 = committed(request(ns("db", v2, null, fast(1, data(64)))));

    // The reference remembers only the latest key (in LWV) and would answer 409 here.
    assertThat(committed(retryOf(first))).isEqualTo(v1);
    assertThat(versionsOf(id, 1)).containsExactly(v1, v3);
    assertThat(head("db")).isEqualTo(v3);
  }

  @Test
  void aRetryMarkedAsFirstAttemptOnThePageLevelPathStillFindsTheEarlierCommit() {
    Version id = createNamespace("db");
    CommitRequest blind = request(ns("db", head("db"), new int[0], fast(1, data(64))));
    Version v1 = committed(blind);
    committed(request(ns("db", v1, new int[0], fast(2, data(64)))));
    // allow_skip_idempotency_check = true: the reference re-applies such a retry (a second version
    // of page 1).
    assertThat(committed(blind)).isEqualTo(v1);
    assertThat(versionsOf(id, 1)).containsExactly(v1);
  }

  @Test
  void aHashNeverUploadedIsABadPageReferenceAndChangesNothing() {
    Version id = createNamespace("db");
    Version base = head("db");
    PageHash never = PageHasher.hash(data(100));
    CommitOutcome outcome =
        pages.commit(request(ns("db", base, null, fast(1, data(64)), entry(2, never))));
    assertThat(outcome).isInstanceOf(CommitOutcome.BadPageReference.class);
    assertThat(((CommitOutcome.BadPageReference) outcome).detail()).contains(never.hex());
    assertThat(head("db")).isEqualTo(base);
    assertThat(versionsOf(id, 1)).isEmpty();
  }

  @Test
  void collectedContentIsABadPageReference() {
    Version id = createNamespace("db");
    PageHash h = upload("db", data(4096));
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.clear(keys.contentIndex(id, h));
              tr.clear(keys.content(id, h));
              return null;
            });
    assertThat(pages.commit(request(ns("db", head("db"), null, entry(1, h)))))
        .isInstanceOf(CommitOutcome.BadPageReference.class);
  }

  @Test
  void uploadedPagesAreReferencedAndTheirContentIndexTouchedByTheCommit() {
    Version id = createNamespace("db");
    byte[] content = data(4096);
    PageHash h = upload("db", content);
    Version v = committed(request(ns("db", head("db"), null, entry(3, h))));
    assertThat(read("db", 3, v).data()).isEqualTo(content);
    byte[] ci = Snapshots.get(kv, keys.contentIndex(id, h));
    assertThat(KeyCodec.decodeContentIndexValue(ci).version())
        .as("touched by the commit")
        .isEqualTo(v);
  }

  @Test
  void aFastWriteIsDeltaEncodedAgainstThePagesPreviousContent() {
    Version id = createNamespace("db");
    byte[] v1 = data(8192);
    Version c1 = committed(request(ns("db", head("db"), null, fast(5, v1))));
    byte[] v2 = v1.clone();
    v2[17] ^= 1;
    v2[4000] ^= 0x55;
    Version c2 = committed(request(ns("db", c1, null, fast(5, v2))));

    byte[] stored = Snapshots.get(kv, keys.content(id, PageHasher.hash(v2)));
    assertThat(stored[0]).as("stored as an XOR delta").isEqualTo((byte) 0x02);
    assertThat(read("db", 5, c2).data()).isEqualTo(v2);
    assertThat(read("db", 5, c1).data()).isEqualTo(v1);
  }

  @Test
  void aDeltaBaseAlsoReferencedByAnUploadedEntryCommits() {
    // Reference §16.15: the fast write of page 5 is delta-encoded against page 5's content B
    // (touching CI(B)), and
    // page 6 references B as an uploaded hash; reading CI(B) after the touch would fail forever
    // (FDB error 1036).
    Version id = createNamespace("db");
    byte[] base = data(8192);
    Version c1 = committed(request(ns("db", head("db"), null, fast(5, base))));
    PageHash baseHash = PageHasher.hash(base);
    byte[] changed = base.clone();
    changed[100] ^= 7;
    Version c2 = committed(request(ns("db", c1, null, fast(5, changed), entry(6, baseHash))));
    assertThat(read("db", 5, c2).data()).isEqualTo(changed);
    assertThat(read("db", 6, c2).data()).isEqualTo(base);
    byte[] stored = Snapshots.get(kv, keys.content(id, PageHasher.hash(changed)));
    assertThat(stored[0]).isEqualTo((byte) 0x02);
  }

  @Test
  void theLastEntryForAPageWins() {
    createNamespace("db");
    byte[] a = data(64);
    byte[] b = data(64);
    Version v = committed(request(ns("db", head("db"), null, fast(1, a), fast(1, b))));
    assertThat(read("db", 1, v).data()).isEqualTo(b);
  }

  private KeyCodec.LeaseValue leaseOf(Version id, LeaseId lease) {
    try (KvTransaction tr = kv.createTransaction()) {
      return ctx.leases().find(tr, id, lease);
    }
  }

  @Test
  void theCommitReleasesItsTransactionLease() {
    Version id = createNamespace("db");
    LeaseId lease = LeaseId.random();
    PageHash h = pages.write(ref("db"), List.of(new PageWrite(data(512), null)), lease).getFirst();
    assertThat(leaseOf(id, lease)).isNotNull();
    CommitRequest r =
        new CommitRequest(
            IdempotencyKey.random(),
            true,
            null,
            lease,
            false,
            List.of(ns("db", head("db"), null, entry(1, h))));
    committed(r);
    assertThat(leaseOf(id, lease)).isNull();
  }

  @Test
  void anEmptyCommitStillAdvancesTheHeadAsInTheReference() {
    Version id = createNamespace("db");
    Version v = committed(request(ns("db", head("db"), null)));
    assertThat(head("db")).isEqualTo(v);
    assertThat(Snapshots.get(kv, keys.changelog(id, v)))
        .isEqualTo(KeyCodec.changelogValue(new int[0]));
  }

  @Test
  void anIdempotencyRecordNewerThanTheHeadWasRolledBackAndIsIgnored() {
    Version id = createNamespace("db");
    Version base = head("db");
    CommitRequest r = request(ns("db", base, null, fast(1, data(64))));
    Version v = committed(r);
    // A rollback to `base` resets the last-write version (as LockRollback.finish does) but leaves
    // the record.
    ctx.runner()
        .run(
            kv,
            tr -> {
              tr.set(keys.lastWriteVersion(id), KeyCodec.lastWriteVersionAfterRollback(base));
              return null;
            });
    Version again = committed(retryOf(r));
    assertThat(again)
        .as("applied again on the rolled-back head, not answered from the stale record")
        .isGreaterThan(v);
    assertThat(head("db")).isEqualTo(again);
  }
}
