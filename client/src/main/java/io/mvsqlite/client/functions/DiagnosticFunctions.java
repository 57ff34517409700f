package io.mvsqlite.client.functions;

import java.util.List;

/**
 * What a connection can tell about itself: {@code mv_prefetch_metrics(db)}, the predictor's
 * counters as JSON, and {@code mv_read_ahead_metrics(db)}, the sequential read-ahead's.
 */
final class DiagnosticFunctions {

  private DiagnosticFunctions() {}

  static List<FunctionDefinition> definitions() {
    return List.of(
        new FunctionDefinition(
            "mv_prefetch_metrics", 1, call -> call.connection().prefetchMetrics().toJson()),
        new FunctionDefinition(
            "mv_read_ahead_metrics", 1, call -> call.connection().readAheadMetrics().toJson()));
  }
}
