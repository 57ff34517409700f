package io.mvsqlite.stress;

import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.stress.StressStats.Counter;
import io.mvsqlite.stress.Violation.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The in-memory MVCC model of one namespace, and the checker of every answer the tester gets.
 *
 * <p><b>State.</b> The committed history: each acknowledged commit (version → its writes, base
 * version and read set), and per page the versions that wrote it (page → version → content hash),
 * starting from a baseline (the namespace as read at the run's first version). The whole history is
 * kept, also below the truncation point: truncation changes what the server can answer, never what
 * the right answer is. Plus the versions transactions may still read at ("retained", for time
 * travel), the versions in use ("pins", truncation never goes above the oldest), and the commits in
 * flight.
 *
 * <p><b>Why checks wait.</b> Commits are not serialized by the tester: a read at version R can see
 * a commit whose answer has not reached the model yet. Each commit therefore takes a
 * <em>ticket</em> before its request is sent, and every check that depends on which commits exist
 * (a snapshot read, a commit's serializability, a {@code /stat} answer) records the highest ticket
 * issued when its observation was made. Any commit sent later gets a version above everything
 * observed before (KV versions only grow), so once every ticket up to that one has resolved, the
 * model knows every commit the check depends on, and it runs. Checks that need no other commit
 * (read-your-writes, real-time order) run at once. A commit whose outcome stays unknown (retries
 * exhausted) makes the checks that depend on it <em>inconclusive</em> if they fail, rather than
 * violations; the unknown outcome itself is an error of the run.
 *
 * <p><b>Checks.</b> Snapshot reads (every read equals the newest write at or below the
 * transaction's version, with the same page version; absent ⇔ never written); serializability (no
 * page in a committed transaction's read set was written by another commit between its base and its
 * version; without a read set, no commit at all in between); commit order (a version above the base
 * and above every commit acknowledged before the request was sent; no duplicates); {@code /stat}
 * freshness (not older than a commit acknowledged before the call) and reality (a version some
 * acknowledged commit produced, or the baseline).
 *
 * <p>Thread-safe: every method takes the model's lock and works in memory only (no I/O under the
 * lock).
 */
final class InMemoryModel {

  /** A commit in flight: its ticket and the newest version acknowledged when it was sent. */
  record CommitTicket(long ticket, Version floor) {}

  /**
   * What a read returned for one page.
   *
   * @param version the page version the server reported, {@code null} for an absent page
   * @param hash the content hash of the bytes returned, {@code null} for an absent (empty) page
   */
  record Observation(int page, Version version, PageHash hash) {}

  private record CommitRecord(
      Version version,
      int task,
      long txn,
      Version base,
      Map<Integer, PageHash> writes,
      int[] readSet,
      boolean readSetSent) {}

  private sealed interface Deferred permits ReadCheck, SerialCheck, StatCheck {
    long highTicket();
  }

  private record ReadCheck(int task, long txn, Version at, Observation seen, long highTicket)
      implements Deferred {}

  private record SerialCheck(CommitRecord commit, long highTicket) implements Deferred {}

  private record StatCheck(int task, Version answered, long highTicket) implements Deferred {}

  private final long seed;
  private final Findings findings;
  private final StressStats stats;
  private final Version baseline;

  // Everything below is guarded by this.
  private final NavigableMap<Version, CommitRecord> commits = new TreeMap<>();
  private final Map<Integer, NavigableMap<Version, PageHash>> history = new HashMap<>();
  private final List<Version> retained = new ArrayList<>();
  private final NavigableMap<Version, Integer> pins = new TreeMap<>();
  private final NavigableSet<Long> unresolved = new TreeSet<>();
  private final NavigableSet<Long> unknown = new TreeSet<>();
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
  private Version maxAcked;
  private Version retainedFrom;
  private long lastTicket;

  /**
   * @param baseline the namespace's head when the run starts; the model knows nothing before it
   * @param baselinePages what each page held at the baseline (absent pages may be left out)
   */
  InMemoryModel(
      long seed,
      Findings findings,
      StressStats stats,
      Version baseline,
      List<Observation> baselinePages) {
    this.seed = seed;
    this.findings = findings;
    this.stats = stats;
    this.baseline = baseline;
    this.maxAcked = baseline;
    this.retainedFrom = baseline;
    for (Observation o : baselinePages) {
      if (o.hash() != null) {
        history.computeIfAbsent(o.page(), p -> new TreeMap<>()).put(o.version(), o.hash());
      }
    }
  }

  // ------------------------------------------------------------------ versions in use

  /**
   * Pins a lower bound of what {@code /stat} will answer (the newest acknowledged version) before
   * the call, so that truncation cannot overtake the answer while it travels. Replace it with
   * {@link #statAnswered}.
   */
  synchronized Version pinStatFloor() {
    pin(maxAcked);
    return maxAcked;
  }

  /**
   * Checks a {@code /stat} answer against the floor pinned before the call, and moves the pin to
   * the answer.
   *
   * @return the answer, now pinned
   */
  synchronized Version statAnswered(int task, Version floor, Version answered) {
    stats.increment(Counter.STAT_CHECKS);
    if (answered.isBefore(floor)) {
      findings.violation(
          new Violation(
              Kind.STALE_STAT,
              seed,
              task,
              -1,
              answered,
              -1,
              floor,
              "/stat answered a version older than a commit acknowledged before it was asked"));
    }
    pin(answered);
    unpin(floor);
    defer(new StatCheck(task, answered, lastTicket));
    drain();
    return answered;
  }

  /**
   * Pins and returns a random retained committed version (time travel), or {@code null} if there is
   * none.
   */
  synchronized Version pinRandomRetained(RandomGenerator random) {
    if (retained.isEmpty()) {
      return null;
    }
    Version v = retained.get(random.nextInt(retained.size()));
    pin(v);
    return v;
  }

  synchronized void unpin(Version v) {
    Integer n = pins.get(v);
    if (n == null) {
      throw new IllegalStateException("version " + v + " is not pinned");
    }
    if (n == 1) {
      pins.remove(v);
    } else {
      pins.put(v, n - 1);
    }
  }

  private void pin(Version v) {
    pins.merge(v, 1, Integer::sum);
  }

  /**
   * Chooses a truncation point: a random retained commit version other than the newest, lowered to
   * the oldest version in use. From now on transactions only travel to versions at or above it.
   *
   * @return the point, or empty when truncating would remove nothing new
   */
  synchronized Optional<Version> planTruncation(RandomGenerator random) {
    List<Version> candidates = new ArrayList<>(retained.size());
    for (Version v : retained) {
      if (!v.equals(maxAcked)) {
        candidates.add(v);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Version point = candidates.get(random.nextInt(candidates.size()));
    if (!pins.isEmpty() && pins.firstKey().isBefore(point)) {
      point = pins.firstKey();
    }
    if (!point.isAfter(retainedFrom)) {
      return Optional.empty();
    }
    retainedFrom = point;
    Version from = point;
    retained.removeIf(v -> v.isBefore(from));
    return Optional.of(point);
  }

  // ------------------------------------------------------------------ commits

  /** Call before the commit request is sent (before its first attempt). */
  synchronized CommitTicket beginCommit() {
    long ticket = ++lastTicket;
    unresolved.add(ticket);
    return new CommitTicket(ticket, maxAcked);
  }

  /** The commit of {@code txn} was acknowledged at {@code version}. */
  synchronized void committed(
      CommitTicket t, ModelTransaction txn, Version version, boolean readSetSent) {
    unresolved.remove(t.ticket());
    if (commits.containsKey(version)) {
      CommitRecord other = commits.get(version);
      findings.violation(
          new Violation(
              Kind.DUPLICATE_VERSION,
              seed,
              txn.task,
              txn.serial,
              version,
              -1,
              null,
              "this version was already acknowledged to txn "
                  + other.txn()
                  + " of task "
                  + other.task()));
      drain();
      return;
    }
    if (!version.isAfter(txn.version)) {
      findings.violation(
          new Violation(
              Kind.COMMIT_ORDER,
              seed,
              txn.task,
              txn.serial,
              version,
              -1,
              txn.version,
              "commit version not above the transaction's base version"));
    }
    if (!version.isAfter(t.floor())) {
      findings.violation(
          new Violation(
              Kind.COMMIT_ORDER,
              seed,
              txn.task,
              txn.serial,
              version,
              -1,
              t.floor(),
              "commit version not above a commit acknowledged before this one was sent"));
    }
    CommitRecord record =
        new CommitRecord(
            version,
            txn.task,
            txn.serial,
            txn.version,
            txn.writtenHashes(),
            txn.readSetArray(),
            readSetSent);
    commits.put(version, record);
    record
        .writes()
        .forEach(
            (page, hash) -> history.computeIfAbsent(page, p -> new TreeMap<>()).put(version, hash));
    if (version.isAfter(maxAcked)) {
      maxAcked = version;
    }
    if (!version.isBefore(retainedFrom)) {
      retained.add(version);
    }
    defer(new SerialCheck(record, lastTicket));
    drain();
  }

  /** The commit definitely did not happen (conflict, bad page reference). */
  synchronized void notCommitted(CommitTicket t) {
    unresolved.remove(t.ticket());
    drain();
  }

  /** Nobody knows whether the commit happened (its retries ran out). */
  synchronized void outcomeUnknown(CommitTicket t) {
    unresolved.remove(t.ticket());
    unknown.add(t.ticket());
    drain();
  }

  // ------------------------------------------------------------------ reads

  /**
   * Records what a read at {@code at} returned, for checking once the commits it may depend on have
   * resolved.
   */
  synchronized void observe(int task, long txn, Version at, List<Observation> seen) {
    for (Observation o : seen) {
      defer(new ReadCheck(task, txn, at, o, lastTicket));
    }
    drain();
  }

  /** Checks a read-back of the transaction's own upload (depends on no other commit: at once). */
  void checkOwnWrite(ModelTransaction txn, int page, PageHash expected, PageHash seen) {
    stats.increment(Counter.RYW_CHECKED);
    if (!expected.equals(seen)) {
      findings.violation(
          new Violation(
              Kind.READ_YOUR_WRITES,
              seed,
              txn.task,
              txn.serial,
              txn.version,
              page,
              null,
              "read back "
                  + (seen == null ? "an empty page" : "content " + seen)
                  + " instead of own upload "
                  + expected));
    }
  }

  // ------------------------------------------------------------------ the end

  /** The newest acknowledged version (the baseline before any commit). */
  synchronized Version latest() {
    return maxAcked;
  }

  /** Up to {@code n} random retained versions (for the final sweep). */
  synchronized List<Version> sampleRetained(RandomGenerator random, int n) {
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < n && !retained.isEmpty(); i++) {
      out.add(retained.get(random.nextInt(retained.size())));
    }
    return out;
  }

  synchronized int commitCount() {
    return commits.size();
  }

  /**
   * Runs every check still waiting. Call after every task and worker stopped: nothing is in flight
   * any more.
   *
   * @return how many checks were waiting
   */
  synchronized int finish() {
    if (!unresolved.isEmpty()) {
      throw new IllegalStateException(unresolved.size() + " commits are still in flight");
    }
    int waiting = deferred.size();
    drain();
    return waiting;
  }

  private void defer(Deferred d) {
    if (!unresolved.isEmpty()) {
      stats.increment(Counter.DEFERRED_CHECKS);
    }
    deferred.add(d);
  }

  private void drain() {
    long safeBelow = unresolved.isEmpty() ? Long.MAX_VALUE : unresolved.first();
    while (!deferred.isEmpty() && deferred.peekFirst().highTicket() < safeBelow) {
      switch (deferred.pollFirst()) {
        case ReadCheck r -> checkRead(r);
        case SerialCheck s -> checkSerializable(s);
        case StatCheck s -> checkStat(s);
      }
    }
  }

  private boolean dependsOnUnknown(long highTicket) {
    return !unknown.isEmpty() && unknown.first() <= highTicket;
  }

  private void checkRead(ReadCheck r) {
    stats.increment(Counter.PAGES_CHECKED);
    Observation seen = r.seen();
    NavigableMap<Version, PageHash> versions = history.get(seen.page());
    Map.Entry<Version, PageHash> expected = versions == null ? null : versions.floorEntry(r.at());
    boolean ok =
        expected == null
            ? seen.hash() == null && seen.version() == null
            : expected.getValue().equals(seen.hash()) && expected.getKey().equals(seen.version());
    if (ok) {
      return;
    }
    String detail =
        "expected "
            + (expected == null
                ? "an absent page"
                : "version " + expected.getKey() + " with content " + expected.getValue())
            + ", read "
            + (seen.hash() == null
                ? "an absent page"
                : "version " + seen.version() + " with content " + seen.hash());
    if (dependsOnUnknown(r.highTicket())) {
      findings.inconclusive("read of page " + seen.page() + " at " + r.at() + ": " + detail);
      return;
    }
    findings.violation(
        new Violation(
            Kind.SNAPSHOT_READ,
            seed,
            r.task(),
            r.txn(),
            r.at(),
            seen.page(),
            expected == null ? null : expected.getKey(),
            detail));
  }

  private void checkSerializable(SerialCheck s) {
    stats.increment(Counter.SERIAL_CHECKS);
    CommitRecord c = s.commit();
    for (int page : c.readSet()) {
      NavigableMap<Version, PageHash> versions = history.get(page);
      if (versions == null) {
        continue;
      }
      NavigableMap<Version, PageHash> between =
          versions.subMap(c.base(), false, c.version(), false);
      if (!between.isEmpty()) {
        report(
            s,
            new Violation(
                Kind.SERIALIZABILITY,
                seed,
                c.task(),
                c.txn(),
                c.version(),
                page,
                between.firstKey(),
                "committed although page "
                    + page
                    + " of its read set was changed at "
                    + between.firstKey()
                    + ", after its base "
                    + c.base()
                    + (c.readSetSent() ? "" : " (no read set sent)")));
        return;
      }
    }
    if (!c.readSetSent()) {
      NavigableMap<Version, CommitRecord> between =
          commits.subMap(c.base(), false, c.version(), false);
      if (!between.isEmpty()) {
        CommitRecord other = between.firstEntry().getValue();
        report(
            s,
            new Violation(
                Kind.NAMESPACE_SERIALIZABILITY,
                seed,
                c.task(),
                c.txn(),
                c.version(),
                -1,
                other.version(),
                "committed without a read set although txn "
                    + other.txn()
                    + " of task "
                    + other.task()
                    + " committed after its base "
                    + c.base()));
      }
    }
  }

  private void checkStat(StatCheck s) {
    if (s.answered().equals(baseline) || commits.containsKey(s.answered())) {
      return;
    }
    String detail = "/stat answered " + s.answered() + ", which no acknowledged commit produced";
    if (dependsOnUnknown(s.highTicket())) {
      findings.inconclusive(detail);
      return;
    }
    findings.violation(
        new Violation(Kind.PHANTOM_VERSION, seed, s.task(), -1, s.answered(), -1, null, detail));
  }

  private void report(Deferred d, Violation v) {
    if (dependsOnUnknown(d.highTicket())) {
      findings.inconclusive(v.describe());
    } else {
      findings.violation(v);
    }
  }
}
