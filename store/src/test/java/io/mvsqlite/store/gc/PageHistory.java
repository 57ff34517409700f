package io.mvsqlite.store.gc;

import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.TestCommits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Test helper: a seeded random history of commits to one namespace, and the model of it: which
 * versions of which page exist. Page contents come from a small pool, so the same content is
 * written again by later commits (as a database does), which exercises content deduplication and
 * touches of existing content.
 */
final class PageHistory {

  final int pageCount;
  final List<Version> versions = new ArrayList<>();

  /** page &rarr; (version &rarr; content) of every committed page version. */
  final Map<Integer, TreeMap<Version, byte[]>> model = new HashMap<>();

  private final Random random;
  private final List<byte[]> pool = new ArrayList<>();

  PageHistory(long seed, int pageCount, int poolSize, int pageBytes) {
    this.random = new Random(seed);
    this.pageCount = pageCount;
    for (int i = 0; i < poolSize; i++) {
      byte[] b = new byte[pageBytes];
      random.nextBytes(b);
      pool.add(b);
    }
  }

  /** Commits {@code n} commits of 1..4 random pages each; returns their versions. */
  List<Version> commit(TestCommits commits, Version ns, int n) {
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<Integer, byte[]> pages = new HashMap<>();
      int k = 1 + random.nextInt(4);
      for (int j = 0; j < k; j++) {
        pages.put(random.nextInt(pageCount), pool.get(random.nextInt(pool.size())));
      }
      Version v = commits.commit(ns, pages);
      record(v, pages);
      out.add(v);
    }
    return out;
  }

  void record(Version v, Map<Integer, byte[]> pages) {
    versions.add(v);
    pages.forEach((p, data) -> model.computeIfAbsent(p, x -> new TreeMap<>()).put(v, data));
  }

  /**
   * How many page versions a truncation below {@code before} deletes: all but the newest at or
   * before it.
   */
  long deletableBelow(Version before) {
    long n = 0;
    for (TreeMap<Version, byte[]> versionsOfPage : model.values()) {
      n += Math.max(0, versionsOfPage.headMap(before, true).size() - 1);
    }
    return n;
  }
}
