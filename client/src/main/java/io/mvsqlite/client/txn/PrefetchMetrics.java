package io.mvsqlite.client.txn;

import java.util.Locale;

/**
 * What the prefetch predictor of one connection did over its lifetime (reference §6.7): page reads
 * seen, cache misses it was asked about, predictions made and later read ("hits"), per source. An
 * immutable snapshot.
 */
public record PrefetchMetrics(
    long pageReads,
    long cacheMisses,
    long predictionsMade,
    long predictionsHit,
    long stridePredictions,
    long strideHits,
    long markovPredictions,
    long markovHits,
    long markovChainPredictions,
    long markovChainHits,
    long frequencyPredictions,
    long frequencyHits) {

  /** Hits per prediction made, 0 when none was made. */
  public double hitRate() {
    return predictionsMade == 0 ? 0 : (double) predictionsHit / predictionsMade;
  }

  /** The reference's JSON shape ({@code mv_prefetch_metrics}), field names included. */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"page_reads\":%d,\"cache_misses\":%d,\"predictions_made\":%d,\"predictions_hit\":%d,\"hit_rate\":%.4f,"
            + "\"stride_predictions\":%d,\"stride_hits\":%d,\"markov_predictions\":%d,\"markov_hits\":%d,"
            + "\"markov_chain_predictions\":%d,\"markov_chain_hits\":%d,\"frequency_predictions\":%d,"
            + "\"frequency_hits\":%d}",
        pageReads,
        cacheMisses,
        predictionsMade,
        predictionsHit,
        hitRate(),
        stridePredictions,
        strideHits,
        markovPredictions,
        markovHits,
        markovChainPredictions,
        markovChainHits,
        frequencyPredictions,
        frequencyHits);
  }
}
