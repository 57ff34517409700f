package io.mvsqlite.store.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.LeaseId;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.keys.KeyCodec.LeaseValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transaction leases (docs/gc.md). */
class LeaseTest extends StoreFixture {

  private static final long TTL = 60;

  private LeaseValue lease(Version ns, LeaseId id) {
    try (KvTransaction tr = kv.createTransaction()) {
      return ctx.leases().find(tr.snapshot(), ns, id);
    }
  }

  private Version ciVersion(Version ns, PageHash h) {
    try (KvTransaction tr = kv.createTransaction()) {
      return KeyCodec.decodeContentIndexValue(tr.get(keys.contentIndex(ns, h))).version();
    }
  }

  @Test
  void theFirstWriteCreatesTheLeaseInTheSameCommitAsItsUploads() {
    Version ns = createNamespace("db");
    LeaseId id = LeaseId.random();
    PageHash h =
        pages.write(ref("db"), List.of(new PageWrite(new byte[] {1}, null)), id).getFirst();
    LeaseValue lease = lease(ns, id);
    assertThat(lease.start()).isEqualTo(ciVersion(ns, h));
    assertThat(lease.expirySecs()).isEqualTo(clock.epochSecond() + TTL);
  }

  @Test
  void laterWritesAndRenewalsExtendTheExpiryButKeepTheStart() {
    Version ns = createNamespace("db");
    LeaseId id = LeaseId.random();
    pages.write(ref("db"), List.of(new PageWrite(new byte[] {1}, null)), id);
    Version start = lease(ns, id).start();

    clock.advance(Duration.ofSeconds(40));
    PageHash later =
        pages.write(ref("db"), List.of(new PageWrite(new byte[] {2}, null)), id).getFirst();
    assertThat(lease(ns, id)).isEqualTo(new LeaseValue(clock.epochSecond() + TTL, start));
    assertThat(ciVersion(ns, later))
        .as("uploads under the lease are never older than it")
        .isGreaterThan(start);

    clock.advance(Duration.ofSeconds(40));
    pages.renewLease(ref("db"), id);
    assertThat(lease(ns, id)).isEqualTo(new LeaseValue(clock.epochSecond() + TTL, start));
  }

  @Test
  void renewingAnUnknownLeaseCreatesIt() {
    Version ns = createNamespace("db");
    LeaseId id = LeaseId.random();
    pages.renewLease(ref("db"), id);
    assertThat(lease(ns, id).expirySecs()).isEqualTo(clock.epochSecond() + TTL);
  }

  @Test
  void theOldestLiveLeaseIsWhatContentGcMustRespect() {
    Version ns = createNamespace("db");
    LeaseId old = LeaseId.random();
    LeaseId young = LeaseId.random();
    pages.renewLease(ref("db"), old);
    clock.advance(Duration.ofSeconds(30));
    pages.renewLease(ref("db"), young);
    Version oldStart = lease(ns, old).start();
    Version youngStart = lease(ns, young).start();
    assertThat(youngStart).isGreaterThan(oldStart);
    try (KvTransaction tr = kv.createTransaction()) {
      assertThat(ctx.leases().oldestLiveStart(tr.snapshot(), ns, clock.epochSecond()))
          .isEqualTo(oldStart);
      assertThat(ctx.leases().oldestLiveStart(tr.snapshot(), ns, clock.epochSecond() + 31))
          .as("the old lease expired")
          .isEqualTo(youngStart);
      assertThat(ctx.leases().oldestLiveStart(tr.snapshot(), ns, clock.epochSecond() + 61))
          .isNull();
    }
  }

  @Test
  void leasesOfOtherNamespacesAreSeparate() {
    Version a = createNamespace("a");
    Version b = createNamespace("b");
    LeaseId id = LeaseId.random();
    pages.renewLease(ref("a"), id);
    assertThat(lease(a, id)).isNotNull();
    assertThat(lease(b, id)).isNull();
  }
}
