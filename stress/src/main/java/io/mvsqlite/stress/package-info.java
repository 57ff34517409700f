/**
 * mvstore-stress for the JVM: a model-checked concurrency tester for mvstore (the reference's
 * {@code mvstore-stress}, done better; docs/stress.md).
 *
 * <p>{@link io.mvsqlite.stress.StressRunner} runs N concurrent tasks ({@link
 * io.mvsqlite.stress.StressTask}, one virtual thread each) that start transactions (at the head, or
 * at a random retained version: time travel), read and write random pages and commit or abandon,
 * through the {@link io.mvsqlite.protocol.PageStore} interface over HTTP (or in direct mode), while
 * a {@link io.mvsqlite.stress.HistoryWorker} truncates history and collects unreferenced content
 * through the admin API. Every answer is checked against an {@link
 * io.mvsqlite.stress.InMemoryModel} of the namespace: snapshot reads, read-your-writes, commit
 * version order, and serializability. Commits are <em>not</em> serialized by the tester (the
 * reference held one lock around every commit): they race, and the model checks what depends on
 * commits still in flight only once those have resolved.
 *
 * <p>Where it runs ({@link io.mvsqlite.stress.StressTarget}): a running mvstore ({@link
 * io.mvsqlite.stress.RemoteTarget}), an mvstore started in this process with chosen engine knobs
 * and KV fault injection ({@link io.mvsqlite.stress.InProcessServerTarget}), or the engine without
 * HTTP ({@link io.mvsqlite.stress.DirectTarget}). {@link io.mvsqlite.stress.StressMain} is the
 * command line.
 */
package io.mvsqlite.stress;
