package io.mvsqlite.store;

import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.TransactionRunner;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.store.admin.KvNamespaceAdmin;
import io.mvsqlite.store.admin.NamespaceCreator;
import io.mvsqlite.store.commit.BackgroundMerger;
import io.mvsqlite.store.commit.CommitEngine;
import io.mvsqlite.store.commit.KvCommitEngine;
import io.mvsqlite.store.content.ContentCache;
import io.mvsqlite.store.content.ContentStore;
import io.mvsqlite.store.gc.HistoryTasks;
import io.mvsqlite.store.keys.KeyCodec;
import io.mvsqlite.store.lock.KvNamespaceLocks;
import io.mvsqlite.store.lock.NamespaceLocks;
import io.mvsqlite.store.meta.MetadataCache;
import io.mvsqlite.store.meta.NamespaceDirectory;
import io.mvsqlite.store.read.IntervalReader;
import io.mvsqlite.store.read.PageIndexLookup;
import io.mvsqlite.store.read.PageReader;
import io.mvsqlite.store.read.ReadVersionCache;
import io.mvsqlite.store.read.StatReader;
import io.mvsqlite.store.time.TimeMapper;
import io.mvsqlite.store.time.Timekeeper;
import io.mvsqlite.store.write.BatchWriter;
import io.mvsqlite.store.write.DeltaPlanner;
import io.mvsqlite.store.write.LeaseManager;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The mvstore engine, in-process: one per KV store and configuration. The HTTP server wraps it;
 * direct-mode clients use it without HTTP.
 *
 * <p>It owns the caches, an executor for CPU work chained onto KV futures, and the background tasks
 * (the {@link Timekeeper}, unless the store is read-only or the builder turned it off); {@link
 * #close()} stops them. It does <em>not</em> own the {@link KvStore}: whoever opened the KV store
 * closes it, after closing the engine.
 *
 * <p>Commits and namespace locks are collaborators ({@link CommitEngine}, {@link NamespaceLocks})
 * supplied through the {@link Builder}, built from the engine's {@link StoreContext}; they default
 * to {@link KvCommitEngine} and {@link KvNamespaceLocks}. Unless the store is read-only or the
 * builder turned it off, a {@link BackgroundMerger} finishes staged commits whose merge a crash
 * interrupted (at startup, then every few seconds). Thread-safe.
 */
public final class MvStore implements AutoCloseable {

  private final StoreContext context;
  private final KvPageStore pageStore;
  private final KvNamespaceAdmin admin;
  private final ExecutorService executor;
  private final Timekeeper timekeeper;
  private final BackgroundMerger merger;

  private MvStore(Builder b) {
    StoreConfig config = b.config;
    KvStore kv = b.kv;
    KeyCodec keys = new KeyCodec(config.metadataPrefix(), config.rawDataPrefix());
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    TransactionRunner runner = TransactionRunner.defaults();
    MetadataCache metadata = new MetadataCache(keys);
    NamespaceCreator creator = new NamespaceCreator(kv, keys, metadata, runner);
    NamespaceDirectory directory =
        new NamespaceDirectory(keys, config.autoCreateNamespace() ? creator : null);
    ContentStore contents =
        new ContentStore(
            keys, new ContentCache(config.contentCacheSize()), executor, config.verifyPageHashes());
    this.context =
        new StoreContext(
            kv,
            config,
            keys,
            b.clock,
            executor,
            runner,
            directory,
            metadata,
            contents,
            new ReadVersionCache(config.readOnly()),
            new PageIndexLookup(keys),
            new IntervalReader(keys),
            new LeaseManager(keys, b.clock, config.leaseTtlSecs()),
            new DeltaPlanner(keys, contents, executor));
    this.pageStore =
        new KvPageStore(
            new StatReader(kv, keys, directory, metadata, context.intervals(), config.readOnly()),
            new PageReader(
                kv,
                directory,
                metadata,
                context.readVersions(),
                context.pageIndex(),
                contents,
                config.readOnly()),
            new BatchWriter(
                kv, directory, context.leases(), context::newWriteApplier, config.readOnly()),
            new TimeMapper(kv, keys, b.clock, config.readOnly()),
            b.commitEngine.apply(context),
            b.namespaceLocks.apply(context));
    this.admin =
        new KvNamespaceAdmin(
            kv, keys, metadata, creator, runner, config.readOnly(), HistoryTasks.of(context));
    if (b.timekeeper && !config.readOnly()) {
      this.timekeeper =
          new Timekeeper(kv, keys, b.clock, Duration.ofMillis(config.timekeeperIntervalMillis()));
      timekeeper.start();
    } else {
      this.timekeeper = null;
    }
    if (b.mergeInterval != null && !config.readOnly()) {
      this.merger = new BackgroundMerger(context, b.mergeInterval);
      merger.start();
    } else {
      this.merger = null;
    }
  }

  /** Opens the engine with the defaults of {@link Builder}. */
  public static MvStore open(KvStore kv, StoreConfig config) {
    return builder(kv, config).open();
  }

  public static Builder builder(KvStore kv, StoreConfig config) {
    return new Builder(kv, config);
  }

  /** The data plane. */
  public PageStore pageStore() {
    return pageStore;
  }

  /** The namespace admin API, truncation and content GC included. */
  public NamespaceAdmin admin() {
    return admin;
  }

  /** The shared parts, for collaborators and background tasks. */
  public StoreContext context() {
    return context;
  }

  public StoreConfig config() {
    return context.config();
  }

  /** Stops the background tasks and the executor. Does not close the KV store. Idempotent. */
  @Override
  public void close() {
    if (timekeeper != null) {
      timekeeper.close();
    }
    if (merger != null) {
      merger.close();
    }
    executor.close();
  }

  /** How to open an engine. Not thread-safe; use once. */
  public static final class Builder {
    private final KvStore kv;
    private final StoreConfig config;
    private InstantSource clock = InstantSource.system();
    private Function<StoreContext, CommitEngine> commitEngine = KvCommitEngine::new;
    private Function<StoreContext, NamespaceLocks> namespaceLocks = KvNamespaceLocks::new;
    private boolean timekeeper = true;
    private Duration mergeInterval = Duration.ofSeconds(5);

    private Builder(KvStore kv, StoreConfig config) {
      this.kv = Objects.requireNonNull(kv, "kv");
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The wall clock (default: the system clock); tests inject a controllable one. */
    public Builder clock(InstantSource value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    public Builder commitEngine(Function<StoreContext, CommitEngine> factory) {
      this.commitEngine = Objects.requireNonNull(factory);
      return this;
    }

    public Builder namespaceLocks(Function<StoreContext, NamespaceLocks> factory) {
      this.namespaceLocks = Objects.requireNonNull(factory);
      return this;
    }

    /** Whether to run the timekeeper (default true; it never runs on a read-only store). */
    public Builder timekeeper(boolean enabled) {
      this.timekeeper = enabled;
      return this;
    }

    /**
     * How often the background merger looks for interrupted staged-commit merges (default 5 s; it
     * also looks at startup), or {@code null} to run none (tests that observe unmerged staged
     * commits). Never runs on a read-only store.
     */
    public Builder backgroundMerge(Duration interval) {
      this.mergeInterval = interval;
      return this;
    }

    public MvStore open() {
      return new MvStore(this);
    }
  }
}
