package io.mvsqlite.store.commit;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.meta.DistributedLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes staged commits whose merge was interrupted (docs/commit-protocol.md, path 3): a server
 * that crashed between publishing a staged commit and finishing its merge leaves a {@code
 * stagedns(ns)} marker, and any engine over the same KV store picks it up here.
 *
 * <p>One pass ({@link #runOnce}) reads the markers, and for each namespace whose merge lock ({@code
 * nstask(ns, "merge_staged")}, a {@link DistributedLock}) it can take, merges every published
 * staged commit of the namespace, oldest first ({@link StagedMerger#mergeAll}); a marker with no
 * published staged commit behind it is cleared. The lock only keeps several servers from doing the
 * same work; merging stays safe without it. {@link #start} runs a pass at once and then every
 * {@code interval}, on a virtual thread; failures are logged and retried at the next pass.
 *
 * <p>Thread-safe. {@link #close()} stops the thread (a merge in progress stops between chunks) and
 * waits for it.
 */
public final class BackgroundMerger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundMerger.class);
  private static final int MARKERS_PER_READ = 1000;

  private final StoreContext ctx;
  private final KeyCodec keys;
  private final StagedMerger merger;
  private final Duration interval;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread thread;

  public BackgroundMerger(StoreContext ctx, Duration interval) {
    this.ctx = ctx;
    this.keys = ctx.keys();
    this.merger = new StagedMerger(ctx);
    this.interval = interval;
  }

  /** Starts the periodic passes, the first one at once. */
  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofVirtual().name("staged-commit-merger").start(this::loop);
    }
  }

  /**
   * One pass over every marked namespace.
   *
   * @return how many staged commits this pass merged
   */
  public int runOnce() {
    int merged = 0;
    for (Version ns : markedNamespaces()) {
      if (stopping()) {
        break;
      }
      merged += mergeNamespace(ns);
    }
    return merged;
  }

  @Override
  public void close() {
    stop.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    try {
      do {
        try {
          int merged = runOnce();
          if (merged > 0) {
            log.info("background merger finished {} staged commits", merged);
          }
        } catch (RuntimeException e) {
          log.warn("background merge pass failed; retrying in {}: {}", interval, e.toString());
        }
      } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  private List<Version> markedNamespaces() {
    byte[][] range = keys.stagedNamespaceRange();
    List<Version> out = new ArrayList<>();
    byte[] cursor = range[0];
    while (true) {
      byte[] from = cursor;
      List<KeyValue> batch =
          ctx.runner()
              .run(ctx.kv(), tr -> tr.snapshot().getRange(from, range[1], MARKERS_PER_READ, false));
      for (KeyValue kv : batch) {
        out.add(keys.decodeStagedNamespace(kv.key()));
      }
      if (batch.size() < MARKERS_PER_READ) {
        return out;
      }
      cursor = Bytes.keyAfter(batch.getLast().key());
    }
  }

  private int mergeNamespace(Version ns) {
    DistributedLock lock = merger.claim(ns);
    if (lock == null) {
      return 0;
    }
    try {
      byte[][] range = keys.stagedCommitRange(ns);
      List<KeyValue> published =
          ctx.runner().run(ctx.kv(), tr -> tr.snapshot().getRange(range[0], range[1]));
      if (published.isEmpty()) {
        merger.clearStaleMarker(ns);
        return 0;
      }
      int merged = 0;
      for (KeyValue b : published) {
        Version version = keys.decodeStagedCommitVersion(b.key());
        StagedMerger.Result result = merger.mergeAll(ns, version, b.value(), this::stopping);
        if (result == StagedMerger.Result.MERGED) {
          merged++;
        } else if (result != StagedMerger.Result.GONE) {
          break;
        }
      }
      return merged;
    } finally {
      lock.close();
    }
  }
}
