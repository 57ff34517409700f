/**
 * Benchmark programs: measured runs printed as tables, not timed tests.
 *
 * <p>{@link io.mvsqlite.bench.KvBenchmark} measures the KV layer alone (point reads, range reads,
 * small commits) on the embedded RocksDB backend. Its {@link io.mvsqlite.bench.KvBenchmarkResult}
 * is the baseline that higher layers (the page store, the VFS, SQLite) report themselves against,
 * as a fraction of the KV numbers. {@link io.mvsqlite.bench.StoreBenchmark} measures the page store
 * against it, {@link io.mvsqlite.bench.SqlBenchmark} compares mvSQLite with local SQLite, and
 * {@link io.mvsqlite.bench.HugeTransactionCheck} commits one 2 GiB SQLite transaction under a small
 * heap; bench/README.md has the commands and the measured results.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvnl -q -pl bench -am package -DskipTests
 * "$(bin/find-java)/bin/java" --enable-native-access=ALL-UNNAMED \
 *     -cp "$(cat bench/target/classpath.txt):bench/target/classes" io.mvsqlite.bench.KvBenchmark \
 *     [--keys 100000] [--seconds 3] [--runs 3] [--mode both] [--dir DIR]
 * }</pre>
 */
package io.mvsqlite.bench;
