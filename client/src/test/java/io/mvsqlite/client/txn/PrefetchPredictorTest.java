package io.mvsqlite.client.txn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefetchPredictorTest {

  @Test
  void aSequentialScanPredictsTheNextPages() {
    PrefetchPredictor p = new PrefetchPredictor();
    for (int page = 10; page <= 20; page++) {
      p.record(page);
    }
    assertThat(p.predict(20, 4)).containsExactly(21, 22, 23, 24);
  }

  @Test
  void aStrideIsFollowedInBothDirections() {
    PrefetchPredictor p = new PrefetchPredictor();
    for (int page = 100; page >= 70; page -= 3) {
      p.record(page);
    }
    assertThat(p.predict(70, 3)).containsExactly(67, 64, 61);
  }

  @Test
  void predictionsNeverExceedTheDepthOrIncludeTheCurrentPage() {
    PrefetchPredictor p = new PrefetchPredictor();
    for (int page = 0; page < 50; page++) {
      p.record(page);
    }
    assertThat(p.predict(49, 2)).hasSize(2).doesNotContain(49);
    assertThat(p.predict(49, 0)).isEmpty();
  }

  @Test
  void aRepeatedDescentIsLearntAndSurvivesTheEndOfATransaction() {
    PrefetchPredictor p = new PrefetchPredictor();
    // A B-tree descent: root 2, interior 40, leaf 300; then again from the root many times.
    for (int round = 0; round < 20; round++) {
      p.record(2);
      p.record(40);
      p.record(300);
    }
    p.reset();
    for (int page : new int[] {2, 40, 300, 2, 40}) {
      p.record(page);
    }
    assertThat(p.predict(40, 1)).containsExactly(300);
  }

  @Test
  void aWriteBreaksTheDeltaChain() {
    PrefetchPredictor p = new PrefetchPredictor();
    for (int page = 1; page <= 5; page++) {
      p.record(page);
    }
    p.skipNextDelta();
    p.record(1000);
    // No delta is learnt across the write: nothing is known about what follows page 1000 yet.
    assertThat(p.predict(1000, 3)).isEmpty();
    p.record(1001);
    assertThat(p.predict(1001, 1)).containsExactly(1002);
  }

  @Test
  void hitsAreCountedWhenPredictedPagesAreRead() {
    PrefetchPredictor p = new PrefetchPredictor();
    for (int page = 0; page <= 10; page++) {
      p.record(page);
    }
    int[] predicted = p.predict(10, 4);
    for (int page : predicted) {
      p.record(page);
    }
    PrefetchMetrics m = p.metrics();
    assertThat(m.predictionsMade()).isEqualTo(4);
    assertThat(m.predictionsHit()).isEqualTo(4);
    assertThat(m.stridePredictions()).isEqualTo(4);
    assertThat(m.cacheMisses()).isEqualTo(1);
    assertThat(m.toJson()).contains("\"hit_rate\":1.0000", "\"page_reads\":15");
  }

  @Test
  void aColdStartUsesTheFrequentDeltas() {
    PrefetchPredictor p = new PrefetchPredictor();
    p.record(10);
    p.record(12);
    p.record(14);
    // Fewer than 4 deltas: the frequent delta +2 gives 16, and the Markov chain continues from
    // there.
    assertThat(p.predict(14, 2)).containsExactly(16, 18);
  }
}
