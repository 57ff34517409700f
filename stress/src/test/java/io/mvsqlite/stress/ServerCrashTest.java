package io.mvsqlite.stress;

import static io.mvsqlite.stress.CrashWorkload.LARGE_NS;
import static io.mvsqlite.stress.CrashWorkload.SMALL_NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.client.transport.HttpPageStore;
import io.mvsqlite.client.transport.RetryingPageStore;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.stress.CrashWorkload.Ack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real mvstore process ({@code kill -9}) under load, several times, and checks that nothing
 * acknowledged is lost and nothing is visible in part.
 *
 * <p>The server runs in a child JVM ({@link ChildMvstore}) on one store directory, with the
 * staged-commit threshold lowered to 100 pages and the two-phase threshold to 50, so the large
 * writer's commits take the two-phase and staged paths and a kill can land mid-upload, mid-staging,
 * between publish and merge, or mid-merge. Writers commit through a retrying client ({@link
 * CrashWorkload}): a request cut by the kill is retried against the restarted server with the same
 * idempotency key, so every commit ends with a definite answer. Kill moments come from the seed
 * ({@link KillMoment}): a random delay, a few ms after a staged commit was sent, and the moment a
 * staged commit is seen published but not yet merged. Restarts alternate between synced commits and
 * {@code --no-sync} (which must survive a process crash too).
 *
 * <p>After the last restart: every acknowledged commit reads back at its version with exactly its
 * bytes; versions and commits were acknowledged once each; at every acknowledged version, just
 * below it, and at the head, the commit the marker names is visible in full; the namespaces still
 * accept commits; and the background merger leaves no staged commit unmerged ({@code
 * staged_commits} back to 0). Seed: {@code MVSQLITE_CRASH_SEED=N} (or the system property {@code
 * mvsqlite.crash.seed}).
 */
class ServerCrashTest {

  private static final long SEED =
      Long.getLong(
          "mvsqlite.crash.seed",
          Long.parseLong(System.getenv().getOrDefault("MVSQLITE_CRASH_SEED", "20261127")));
  private static final int KILLS = 4;
  private static final int SMALL_WRITERS = 3;
  private static final int STAGED_THRESHOLD = 100;
  private static final int MULTI_PHASE_THRESHOLD = 50;
  private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration MERGE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long a kill aimed between publish and the end of the merge looks for that window (a few ms
   * per staged commit: caught in about one commit out of several hundred) before it kills anyway.
   */
  private static final Duration MID_MERGE_SEARCH = Duration.ofSeconds(8);

  @TempDir Path dir;

  private static List<String> flags(boolean noSync) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--knob-commit-staged-threshold", Integer.toString(STAGED_THRESHOLD),
                "--knob-commit-multi-phase-threshold", Integer.toString(MULTI_PHASE_THRESHOLD)));
    if (noSync) {
      flags.add("--no-sync");
    }
    return flags;
  }

  private static PageStore http(ChildMvstore server) {
    return new HttpPageStore(List.of(server.dataPlane()), Duration.ofSeconds(30), false);
  }

  private static HttpNamespaceAdmin admin(ChildMvstore server) {
    return new HttpNamespaceAdmin(server.adminApi(), null, Duration.ofSeconds(30));
  }

  @Test
  void acknowledgedCommitsSurviveKillNineAndNoCommitIsVisibleInPart() throws Exception {
    System.out.println(
        "ServerCrashTest seed " + SEED + " (repeat with MVSQLITE_CRASH_SEED=" + SEED + ")");
    long start = System.nanoTime();
    Random random = new Random(SEED);
    Path storeDir = dir.resolve("store");
    List<String> rounds = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    logs.add(dir.resolve("mvstore-0.log"));
    ChildMvstore server = ChildMvstore.start(storeDir, flags(false), logs.getLast());
    try {
      admin(server).create(SMALL_NS, null);
      admin(server).create(LARGE_NS, null);
      SwitchablePageStore current = new SwitchablePageStore(http(server));
      PageStore store = new RetryingPageStore(current, Duration.ofSeconds(120));
      CrashWorkload workload = new CrashWorkload(store, SEED, STAGED_THRESHOLD);
      workload.start(SMALL_WRITERS);
      workload.awaitAcks(LARGE_NS, 1, PROGRESS_TIMEOUT);

      List<KillMoment> moments =
          new ArrayList<>(
              List.of(
                  KillMoment.RANDOM,
                  KillMoment.STAGED_COMMIT_SENT,
                  KillMoment.STAGED_COMMIT_PUBLISHED,
                  KillMoment.values()[random.nextInt(KillMoment.values().length)]));
      Collections.shuffle(moments, random);
      for (int kill = 1; kill <= KILLS; kill++) {
        KillMoment moment = moments.get(kill - 1);
        String observed = awaitKillMoment(moment, random, workload, server);
        boolean stagedAtKill = workload.stagedInFlight();
        long smallAcks = workload.ackCount(SMALL_NS);
        long largeAcks = workload.ackCount(LARGE_NS);
        server.kill();
        long down = System.nanoTime();
        boolean noSync = kill % 2 == 1;
        logs.add(dir.resolve("mvstore-" + kill + ".log"));
        server = ChildMvstore.start(storeDir, flags(noSync), logs.getLast());
        long restartMillis = (System.nanoTime() - down) / 1_000_000;
        current.switchTo(http(server));
        workload.awaitAcks(SMALL_NS, smallAcks + 5, PROGRESS_TIMEOUT);
        workload.awaitAcks(LARGE_NS, largeAcks + 1, PROGRESS_TIMEOUT);
        rounds.add(
            String.format(
                Locale.ROOT,
                "kill %d: %s; acknowledged before: %d small, %d large; staged commit in flight: %s; restarted (%s) in %d ms",
                kill,
                observed,
                smallAcks,
                largeAcks,
                stagedAtKill ? "yes" : "no",
                noSync ? "--no-sync" : "synced",
                restartMillis));
      }
      workload.stop();
      assertThat(workload.errors()).as("writer failures").isEmpty();

      CrashVerifier verifier = new CrashVerifier(store);
      List<Ack> acks = workload.acks();
      verifier.checkUnique(acks);
      for (Ack ack : acks) {
        verifier.checkAcknowledged(ack);
        verifier.checkComplete(ack.ns(), PageContents.predecessor(ack.version()));
      }
      for (String ns : List.of(SMALL_NS, LARGE_NS)) {
        verifier.checkComplete(ns, store.stat(NamespaceRef.of(ns), null, null).version());
        Ack fresh = workload.commitOnce(ns, new SplittableRandom(SEED));
        assertThat(fresh).as("a commit to " + ns + " after the last restart").isNotNull();
        verifier.checkAcknowledged(fresh);
      }
      for (String ns : List.of(SMALL_NS, LARGE_NS)) {
        awaitNoStagedCommits(server, ns);
      }
      long merges = logs.stream().mapToLong(ServerCrashTest::mergerLines).sum();
      long stagedAcks = acks.stream().filter(Ack::staged).count();
      StringBuilder summary = new StringBuilder("ServerCrashTest seed ").append(SEED).append('\n');
      rounds.forEach(r -> summary.append("  ").append(r).append('\n'));
      summary.append(
          String.format(
              Locale.ROOT,
              "  acknowledged: %d small, %d large (%d staged); conflicts %d; versions checked %d; pages checked %d;"
                  + " background-merger passes that finished staged commits: %d; %.1f s%n",
              acks.stream().filter(a -> a.ns().equals(SMALL_NS)).count(),
              acks.stream().filter(a -> a.ns().equals(LARGE_NS)).count(),
              stagedAcks,
              workload.conflicts(),
              verifier.versionsChecked(),
              verifier.pagesChecked(),
              merges,
              (System.nanoTime() - start) / 1e9));
      System.out.print(summary);

      assertThat(verifier.problems()).as(summary.toString()).isEmpty();
      assertThat(stagedAcks).as(summary.toString()).isPositive();
      // A JVM ended by SIGTERM exits with 143 (128 + 15) once its shutdown hooks ran, whatever main
      // returns.
      assertThat(server.stop()).as("exit code of a graceful stop (SIGTERM)").isIn(0, 143);
    } finally {
      server.close();
    }
  }

  /** When a kill lands. */
  private enum KillMoment {
    /** 100–1600 ms from now, whatever is happening. */
    RANDOM,
    /**
     * 0–19 ms after a staged commit's request was sent: mid-upload of its last batch, mid-staging,
     * at publish.
     */
    STAGED_COMMIT_SENT,
    /**
     * As soon as a staged commit is seen published but not yet merged ({@code staged_commits > 0}):
     * mid-merge; if none is caught within {@link #MID_MERGE_SEARCH}, at that moment.
     */
    STAGED_COMMIT_PUBLISHED
  }

  /** Waits for {@code moment}; returns what it saw, for the summary. */
  private static String awaitKillMoment(
      KillMoment moment, Random random, CrashWorkload workload, ChildMvstore server)
      throws InterruptedException {
    switch (moment) {
      case RANDOM -> {
        long delay = 100 + random.nextInt(1500);
        Thread.sleep(delay); // the kill moment, chosen by the seed (not a synchronisation)
        return "random moment (" + delay + " ms)";
      }
      case STAGED_COMMIT_SENT -> {
        workload.awaitStagedCommitInFlight(PROGRESS_TIMEOUT);
        long delay = random.nextInt(20);
        Thread.sleep(delay); // the kill moment, chosen by the seed (not a synchronisation)
        return delay + " ms after a staged commit was sent";
      }
      case STAGED_COMMIT_PUBLISHED -> {
        HttpNamespaceAdmin admin = admin(server);
        long deadline = System.nanoTime() + MID_MERGE_SEARCH.toNanos();
        while (System.nanoTime() - deadline < 0) {
          workload.awaitStagedCommitInFlight(PROGRESS_TIMEOUT);
          // Polling another process's state as fast as it answers: the window between publish and
          // merge is short.
          if (admin.stat(LARGE_NS).metadata().stagedCommits() > 0) {
            return "a staged commit published, not yet merged";
          }
        }
        return "no published unmerged staged commit caught within "
            + MID_MERGE_SEARCH.toSeconds()
            + " s, killed then";
      }
    }
    throw new AssertionError(moment);
  }

  /**
   * The background merger finishes what a kill interrupted: no staged commit stays published but
   * unmerged.
   */
  private static void awaitNoStagedCommits(ChildMvstore server, String ns)
      throws InterruptedException {
    HttpNamespaceAdmin admin = admin(server);
    long deadline = System.nanoTime() + MERGE_TIMEOUT.toNanos();
    int staged;
    while ((staged = admin.stat(ns).metadata().stagedCommits()) > 0) {
      assertThat(System.nanoTime() - deadline)
          .as(
              staged
                  + " staged commits of "
                  + ns
                  + " still unmerged after "
                  + MERGE_TIMEOUT.toSeconds()
                  + " s")
          .isNegative();
      Thread.sleep(200); // polling another process's state: nothing to wait on but the answer
    }
  }

  private static long mergerLines(Path log) {
    try {
      return java.nio.file.Files.readAllLines(log).stream()
          .filter(l -> l.contains("background merger finished"))
          .count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
