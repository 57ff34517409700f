package io.mvsqlite.kv;

import static io.mvsqlite.kv.KvTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract: {@link TransactionRunner} over a real store. Each test counts how often the function
 * was invoked.
 */
public interface RunnerContract extends KvContractFixture {

  private static TransactionRunner fastRunner(int attempts) {
    return new TransactionRunner(
        attempts, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(30));
  }

  @Test
  default void runnerRetriesRetryableErrors() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        fastRunner(10)
            .run(
                store(),
                tr -> {
                  tr.set(key("k"), bytes("attempt " + calls.incrementAndGet()));
                  if (calls.get() < 3) {
                    throw new KvException(
                        calls.get() == 1 ? KvError.NOT_COMMITTED : KvError.TRANSIENT);
                  }
                  return "done";
                });
    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
    assertThat(valueOf("k")).isEqualTo("attempt 3");
  }

  @Test
  default void runnerGivesUpAfterMaxAttempts() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                fastRunner(4)
                    .run(
                        store(),
                        tr -> {
                          calls.incrementAndGet();
                          throw new KvException(KvError.TRANSACTION_TOO_OLD);
                        }))
        .isInstanceOf(KvException.class)
        .satisfies(
            e -> assertThat(((KvException) e).error()).isEqualTo(KvError.TRANSACTION_TOO_OLD));
    assertThat(calls).hasValue(4);
  }

  @Test
  default void runnerNeverRetriesFinalErrors() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                fastRunner(10)
                    .run(
                        store(),
                        tr -> {
                          calls.incrementAndGet();
                          tr.getRange(key("b"), key("a"));
                          return null;
                        }))
        .isInstanceOf(KvException.class)
        .satisfies(e -> assertThat(((KvException) e).error()).isEqualTo(KvError.INVERTED_RANGE));
    assertThat(calls).hasValue(1);
  }

  @Test
  default void runnerRetriesARealConflict() {
    put("k", "0");
    AtomicInteger calls = new AtomicInteger();
    fastRunner(10)
        .run(
            store(),
            tr -> {
              String seen = KvTestData.str(tr.get(key("k")));
              if (calls.incrementAndGet() == 1) {
                put("k", "changed");
              }
              tr.set(key("k"), bytes(seen + "+1"));
              return null;
            });
    assertThat(calls).hasValue(2);
    assertThat(valueOf("k")).isEqualTo("changed+1");
  }

  @Test
  default void runnerReturnsTheCommitResultWhenTheFunctionCommits() {
    CommitResult result =
        fastRunner(3)
            .runWithCommit(
                store(),
                tr -> {
                  tr.set(key("k"), bytes("v"));
                  return tr.commit();
                });
    assertThat(result.versionstamp()).isNotNull();
    assertThat(valueOf("k")).isEqualTo("v");
  }
}
