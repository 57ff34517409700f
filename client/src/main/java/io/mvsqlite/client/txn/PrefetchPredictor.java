package io.mvsqlite.client.txn;

import java.util.ArrayList;
import java.util.List;

/**
 * Predicts which pages SQLite will read next, so that one round trip fetches them with a missed
 * page (the reference's predictor, §6, re-implemented from its description). It learns from the
 * sequence of page reads:
 *
 * <ul>
 *   <li>a <b>stride detector</b>: the same non-zero delta three times running predicts more of it,
 *       with confidence decaying 0.9 per step;
 *   <li>a <b>Markov table</b> of delta bigrams (64 buckets, 4-way probing, counts halved every 256
 *       reads), which also chains predictions past the first hop (B-tree descents repeat across
 *       transactions);
 *   <li>a <b>frequency</b> fallback over the last 16 deltas while fewer than 4 are known.
 * </ul>
 *
 * Writes break the delta chain ({@link #skipNextDelta()}); the end of a transaction clears the
 * short-term history but keeps the Markov table ({@link #reset()}). Counters for {@link
 * PrefetchMetrics} accumulate for the connection's life. About 1.5 KB per connection. Not
 * thread-safe: used from the connection's thread.
 */
public final class PrefetchPredictor {

  enum Source {
    STRIDE,
    MARKOV,
    MARKOV_CHAIN,
    FREQUENCY
  }

  private record Prediction(long page, double confidence, Source source) {}

  private static final int BUCKETS = 64;
  private static final int PROBES = 4;
  private static final int DECAY_EVERY = 256;
  private static final int HISTORY = 16;
  private static final int MIN_HISTORY = 4;

  /**
   * Predictions of the latest batch tracked for hits: all of them (the reference's 16 undercount
   * deeper batches).
   */
  private static final int TRACKED = io.mvsqlite.protocol.Limits.MAX_PAGES_PER_READ;

  private static final double STRIDE_MIN_CONFIDENCE = 0.5;
  private static final double MARKOV_MIN_PROBABILITY = 0.15;
  private static final double FREQUENCY_MIN_PROBABILITY = 0.2;
  private static final long MAX_PAGE = 0xffff_ffffL;

  // Markov table of (previous delta -> next delta) counts.
  private final long[] prevDelta = new long[BUCKETS];
  private final long[] nextDelta = new long[BUCKETS];
  private final int[] counts = new int[BUCKETS];

  // Stride detector.
  private long strideDelta;
  private int streak;
  private double confidence;

  // Recent history.
  private final long[] ring = new long[HISTORY];
  private int ringSize;
  private int ringNext;
  private long prevPage;
  private boolean hasPrevPage;
  private boolean lastDeltaValid;
  private long lastDelta;
  private long records;

  // The latest prediction batch, for hit accounting.
  private final long[] trackedPages = new long[TRACKED];
  private final Source[] trackedSources = new Source[TRACKED];
  private int trackedCount;

  private final long[] made = new long[Source.values().length];
  private final long[] hits = new long[Source.values().length];
  private long pageReads;
  private long cacheMisses;

  /** Feeds one page read (cache hits included). */
  public void record(int pageIndex) {
    long page = Integer.toUnsignedLong(pageIndex);
    pageReads++;
    for (int i = 0; i < trackedCount; i++) {
      if (trackedPages[i] == page && trackedSources[i] != null) {
        hits[trackedSources[i].ordinal()]++;
        trackedSources[i] = null;
      }
    }
    if (!hasPrevPage) {
      prevPage = page;
      hasPrevPage = true;
      return;
    }
    long delta = page - prevPage;
    if (lastDeltaValid) {
      insertBigram(lastDelta, delta);
    }
    feedStride(delta);
    ring[ringNext] = delta;
    ringNext = (ringNext + 1) % HISTORY;
    ringSize = Math.min(ringSize + 1, HISTORY);
    lastDelta = delta;
    lastDeltaValid = true;
    prevPage = page;
    if (++records % DECAY_EVERY == 0) {
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] >>= 1;
      }
    }
  }

  /** A page was written: no delta or bigram is learnt across it. */
  public void skipNextDelta() {
    hasPrevPage = false;
    lastDeltaValid = false;
    resetStride();
  }

  /**
   * The transaction ended: forget the short-term history, keep the Markov table and the counters.
   */
  public void reset() {
    ringSize = 0;
    ringNext = 0;
    hasPrevPage = false;
    lastDeltaValid = false;
    resetStride();
    trackedCount = 0;
  }

  /**
   * Up to {@code max} pages predicted to be read after {@code current}, best first, without {@code
   * current}; called on a cache miss (counted as one).
   */
  public int[] predict(int currentIndex, int max) {
    if (max <= 0) {
      return new int[0];
    }
    cacheMisses++;
    long current = Integer.toUnsignedLong(currentIndex);
    List<Prediction> out = oneStep(current, max);
    if (!out.isEmpty() && out.size() < max) {
      chain(current, out, max);
    }
    int[] pages = new int[out.size()];
    trackedCount = Math.min(out.size(), TRACKED);
    for (int i = 0; i < out.size(); i++) {
      Prediction p = out.get(i);
      pages[i] = (int) p.page();
      made[p.source().ordinal()]++;
      if (i < TRACKED) {
        trackedPages[i] = p.page();
        trackedSources[i] = p.source();
      }
    }
    return pages;
  }

  /** The counters so far. */
  public PrefetchMetrics metrics() {
    long totalMade = 0;
    long totalHits = 0;
    for (Source s : Source.values()) {
      totalMade += made[s.ordinal()];
      totalHits += hits[s.ordinal()];
    }
    return new PrefetchMetrics(
        pageReads,
        cacheMisses,
        totalMade,
        totalHits,
        made[Source.STRIDE.ordinal()],
        hits[Source.STRIDE.ordinal()],
        made[Source.MARKOV.ordinal()],
        hits[Source.MARKOV.ordinal()],
        made[Source.MARKOV_CHAIN.ordinal()],
        hits[Source.MARKOV_CHAIN.ordinal()],
        made[Source.FREQUENCY.ordinal()],
        hits[Source.FREQUENCY.ordinal()]);
  }

  private List<Prediction> oneStep(long current, int max) {
    List<Prediction> out = new ArrayList<>();
    if (ringSize < MIN_HISTORY) {
      frequency(current, max, out);
      return out;
    }
    if (confidence >= STRIDE_MIN_CONFIDENCE && strideDelta != 0) {
      double c = confidence;
      for (int k = 0; k < max; k++) {
        long page = current + (k + 1) * strideDelta;
        if (page < 0 || page > MAX_PAGE) {
          break;
        }
        out.add(new Prediction(page, c, Source.STRIDE));
        c *= 0.9;
      }
    }
    if (lastDeltaValid) {
      long total = 0;
      for (int i = 0; i < BUCKETS; i++) {
        if (counts[i] > 0 && prevDelta[i] == lastDelta) {
          total += counts[i];
        }
      }
      for (int i = 0; i < BUCKETS && total > 0; i++) {
        if (counts[i] == 0 || prevDelta[i] != lastDelta) {
          continue;
        }
        double probability = (double) counts[i] / total;
        long page = current + nextDelta[i];
        if (probability < MARKOV_MIN_PROBABILITY || page < 0 || page > MAX_PAGE) {
          continue;
        }
        int existing = indexOf(out, page);
        if (existing >= 0) {
          Prediction p = out.get(existing);
          out.set(
              existing, new Prediction(page, Math.max(p.confidence(), probability), p.source()));
        } else {
          out.add(new Prediction(page, probability, Source.MARKOV));
        }
      }
    }
    out.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
    out.removeIf(p -> p.page() == current);
    while (out.size() > max) {
      out.removeLast();
    }
    return out;
  }

  private void frequency(long current, int max, List<Prediction> out) {
    if (ringSize == 0) {
      return;
    }
    List<long[]> deltaCounts = new ArrayList<>();
    for (int i = 0; i < ringSize; i++) {
      long d = ring[i];
      if (d == 0) {
        continue;
      }
      long[] entry = deltaCounts.stream().filter(e -> e[0] == d).findFirst().orElse(null);
      if (entry == null) {
        deltaCounts.add(new long[] {d, 1});
      } else {
        entry[1]++;
      }
    }
    deltaCounts.sort((a, b) -> Long.compare(b[1], a[1]));
    for (long[] e : deltaCounts) {
      double probability = (double) e[1] / ringSize;
      long page = current + e[0];
      if (probability >= FREQUENCY_MIN_PROBABILITY
          && page >= 0
          && page <= MAX_PAGE
          && out.size() < max) {
        out.add(new Prediction(page, probability, Source.FREQUENCY));
      }
    }
  }

  /**
   * Follows the most frequent Markov transitions from the best one-step prediction until {@code
   * max} pages.
   */
  private void chain(long current, List<Prediction> out, int max) {
    long page = out.getFirst().page();
    long delta = page - current;
    while (out.size() < max) {
      int best = -1;
      for (int i = 0; i < BUCKETS; i++) {
        if (counts[i] > 0 && prevDelta[i] == delta && (best < 0 || counts[i] > counts[best])) {
          best = i;
        }
      }
      if (best < 0) {
        return;
      }
      long next = page + nextDelta[best];
      if (next == current || next < 0 || next > MAX_PAGE || indexOf(out, next) >= 0) {
        return;
      }
      out.add(new Prediction(next, 0, Source.MARKOV_CHAIN));
      delta = nextDelta[best];
      page = next;
    }
  }

  private static int indexOf(List<Prediction> list, long page) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).page() == page) {
        return i;
      }
    }
    return -1;
  }

  private void feedStride(long delta) {
    if (delta == strideDelta && delta != 0) {
      streak = Math.min(streak + 1, Integer.MAX_VALUE - 1);
      confidence = Math.min(1.0, streak / 3.0);
    } else {
      confidence *= 0.3;
      streak = 1;
      strideDelta = delta;
    }
  }

  private void resetStride() {
    strideDelta = 0;
    streak = 0;
    confidence = 0;
  }

  private void insertBigram(long prev, long next) {
    int start = bucket(prev, next);
    int lowest = -1;
    for (int probe = 0; probe < PROBES; probe++) {
      int i = (start + probe) % BUCKETS;
      if (counts[i] == 0) {
        prevDelta[i] = prev;
        nextDelta[i] = next;
        counts[i] = 1;
        return;
      }
      if (prevDelta[i] == prev && nextDelta[i] == next) {
        counts[i] = Math.min(counts[i] + 1, 0xffff);
        return;
      }
      if (lowest < 0 || counts[i] < counts[lowest]) {
        lowest = i;
      }
    }
    prevDelta[lowest] = prev;
    nextDelta[lowest] = next;
    counts[lowest] = 1;
  }

  private static int bucket(long prev, long next) {
    long h = (prev * 0x9E3779B97F4A7C15L) ^ (next * 0x517CC1B727220A95L);
    return (int) (h & (BUCKETS - 1));
  }
}
