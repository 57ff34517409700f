package io.mvsqlite.stress;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counters of a run. Thread-safe. */
final class StressStats {

  /** What is counted. */
  enum Counter {
    TXNS_VIA_STAT("transactions started via /stat"),
    TXNS_TIME_TRAVEL("transactions started at a retained version (time travel)"),
    TXNS_WITH_LEASE("transactions holding a lease"),
    READ_CALLS("read requests"),
    PAGES_CHECKED("pages read and checked against the model"),
    RYW_CHECKED("own uploads read back and checked"),
    PAGES_WRITTEN("pages written"),
    DELTA_WRITES("pages written as a small mutation (delta candidates)"),
    UPLOADS("upload requests (/batch/write)"),
    COMMITS("commits"),
    LARGE_COMMITS("commits above the staged threshold"),
    CONFLICTS("conflicts (409)"),
    ALLOWED_410("bad page references allowed (410)"),
    EMPTY_TXNS("transactions ended without writes"),
    ABANDONED("transactions abandoned"),
    SERIAL_CHECKS("commits checked for serializability"),
    STAT_CHECKS("/stat answers checked"),
    DEFERRED_CHECKS("checks that waited for commits in flight"),
    TRUNCATIONS("truncations"),
    TRUNCATION_FAILURES("truncations failed (transient)"),
    VERSIONS_DELETED("page versions deleted by truncation"),
    WATERMARK_CHECKS("reads below the watermark refused"),
    LATE_WATERMARK("  of which late (remote targets: within the grace)"),
    GC_RUNS("content GC runs"),
    GC_FAILURES("content GC runs failed (transient)"),
    CONTENTS_DELETED("contents deleted by GC"),
    LEASE_RENEWALS("lease renewals");

    final String label;

    Counter(String label) {
      this.label = label;
    }
  }

  private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);

  StressStats() {
    for (Counter c : Counter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  void add(Counter c, long n) {
    counters.get(c).add(n);
  }

  void increment(Counter c) {
    counters.get(c).increment();
  }

  long get(Counter c) {
    return counters.get(c).sum();
  }

  Map<Counter, Long> snapshot() {
    Map<Counter, Long> out = new EnumMap<>(Counter.class);
    counters.forEach((c, v) -> out.put(c, v.sum()));
    return out;
  }
}
