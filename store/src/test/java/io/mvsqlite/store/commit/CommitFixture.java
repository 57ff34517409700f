package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvStore;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.CommitRequest;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceCommit;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.PageWrite;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.MvStore;
import io.mvsqlite.store.StoreFixture;
import io.mvsqlite.store.content.PageHasher;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * Test base for the commit engine: the real engine over strict-mode RocksDB ({@link StoreFixture}),
 * with helpers that act as a client would: upload pages, build commit requests, retry retryable
 * failures with the same idempotency key, read pages back.
 */
abstract class CommitFixture extends StoreFixture {

  protected static final long SEED = 20261127L;
  protected final Random random = new Random(SEED);

  private final List<MvStore> engines = new ArrayList<>();

  @AfterEach
  void closeEngines() {
    engines.forEach(MvStore::close);
  }

  /**
   * Another engine ("another server", or the same one restarted) over {@code over} (the fixture's
   * KV store or a wrapper of it), whose commit engine reports to {@code hooks}, with a background
   * merger every {@code merge} (or none for {@code null}). Closed after the test.
   */
  protected MvStore engine(KvStore over, CommitHooks hooks, Duration merge) {
    MvStore s =
        MvStore.builder(over, config())
            .clock(clock)
            .timekeeper(false)
            .backgroundMerge(merge)
            .commitEngine(c -> new KvCommitEngine(c, hooks))
            .open();
    engines.add(s);
    return s;
  }

  /** {@code size} random bytes (seeded). */
  protected byte[] data(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  /** Uploads {@code contents} to {@code ns} in batches of 100; returns their hashes in order. */
  protected List<PageHash> upload(String ns, List<byte[]> contents) {
    return upload(pages, ns, contents);
  }

  protected static List<PageHash> upload(PageStore store, String ns, List<byte[]> contents) {
    List<PageHash> out = new ArrayList<>(contents.size());
    for (int from = 0; from < contents.size(); from += Limits.MAX_PAGES_PER_WRITE) {
      List<PageWrite> batch = new ArrayList<>();
      for (byte[] c :
          contents.subList(from, Math.min(contents.size(), from + Limits.MAX_PAGES_PER_WRITE))) {
        batch.add(new PageWrite(c, null));
      }
      out.addAll(store.write(ref(ns), batch, null));
    }
    return out;
  }

  protected PageHash upload(String ns, byte[] content) {
    return upload(ns, List.of(content)).getFirst();
  }

  /**
   * {@code distinct} different contents of {@code size} bytes (content {@code i} starts with {@code
   * i}, the rest is seeded random), uploaded to {@code ns}.
   */
  protected List<byte[]> distinctContents(int distinct, int size) {
    List<byte[]> out = new ArrayList<>(distinct);
    for (int i = 0; i < distinct; i++) {
      byte[] c = data(size);
      ByteBuffer.wrap(c).putInt(i);
      out.add(c);
    }
    return out;
  }

  /**
   * Entries for pages {@code first .. first+count-1}, page {@code first+i} holding {@code
   * contents.get(i % contents.size())}, whose hashes are {@code hashes} (as returned by the upload
   * of {@code contents}).
   */
  protected static List<PageCommit> entries(int first, int count, List<PageHash> hashes) {
    List<PageCommit> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(entry(first + i, hashes.get(i % hashes.size())));
    }
    return out;
  }

  /** The head of {@code ns}: what a new transaction reads at. */
  protected Version head(String ns) {
    return pages.stat(ref(ns), null, null).version();
  }

  protected PageData read(String ns, int page, Version version) {
    return pages.read(ref(ns), List.of(PageRead.at(page, version))).getFirst();
  }

  protected static PageCommit entry(int page, PageHash hash) {
    return new PageCommit(page, hash, null);
  }

  protected static PageCommit fast(int page, byte[] content) {
    return new PageCommit(page, PageHasher.hash(content), content);
  }

  protected static NamespaceCommit ns(
      String key, Version base, int[] readSet, PageCommit... entries) {
    return new NamespaceCommit(ref(key), base, readSet, List.of(entries));
  }

  protected static NamespaceCommit ns(
      String key, Version base, int[] readSet, List<PageCommit> entries) {
    return new NamespaceCommit(ref(key), base, readSet, entries);
  }

  /** A first attempt (allow_skip_idempotency_check = true) with a fresh idempotency key. */
  protected static CommitRequest request(NamespaceCommit... namespaces) {
    return new CommitRequest(IdempotencyKey.random(), true, null, null, false, List.of(namespaces));
  }

  /** A shared-snapshot commit group (mvSQLite extension). */
  protected static CommitRequest sharedGroup(NamespaceCommit... namespaces) {
    return new CommitRequest(IdempotencyKey.random(), true, null, null, true, List.of(namespaces));
  }

  /** The same request as a retry: same idempotency key, allow_skip_idempotency_check = false. */
  protected static CommitRequest retryOf(CommitRequest r) {
    return new CommitRequest(
        r.idempotencyKey(), false, r.lockOwner(), r.lease(), r.sharedSnapshot(), r.namespaces());
  }

  protected static CommitRequest withOwner(CommitRequest r, String owner) {
    return new CommitRequest(
        r.idempotencyKey(),
        r.allowSkipIdempotencyCheck(),
        owner,
        r.lease(),
        r.sharedSnapshot(),
        r.namespaces());
  }

  /** Commits and expects success; returns the version. */
  protected Version committed(CommitRequest r) {
    CommitOutcome outcome = pages.commit(r);
    assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
    return ((CommitOutcome.Committed) outcome).version();
  }

  /**
   * What a client does: sends the request, and while the failure is retryable sends it again with
   * the same key and allow_skip_idempotency_check = false (at most {@code maxAttempts} times).
   */
  protected static CommitOutcome commitRetrying(
      PageStore store, CommitRequest request, int maxAttempts) {
    CommitRequest attempt = request;
    for (int i = 1; ; i++) {
      try {
        return store.commit(attempt);
      } catch (MvException e) {
        if (!e.isRetryable() || i >= maxAttempts) {
          throw e;
        }
      }
      attempt = retryOf(request);
    }
  }

  /** Every page-index entry of {@code page} in namespace {@code id}, oldest first. */
  protected List<Version> versionsOf(Version id, int page) {
    try (KvTransaction tr = kv.createTransaction()) {
      byte[] prefix = keys.pagePrefix(id, page);
      List<Version> out = new ArrayList<>();
      for (KeyValue e : tr.getRange(prefix, Bytes.strinc(prefix))) {
        out.add(keys.decodePage(e.key()).version());
      }
      return out;
    }
  }

  /** How many keys {@code range} holds now. */
  protected int countKeys(byte[][] range) {
    try (KvTransaction tr = kv.createTransaction()) {
      return tr.getRange(range[0], range[1]).size();
    }
  }

  protected NamespaceMetadata metadataOf(Version id) {
    try (KvTransaction tr = kv.createTransaction()) {
      return ctx.metadata().get(tr, id);
    }
  }

  /** Rewrites the metadata of {@code id} directly (as the lock engine would). */
  protected void setMetadata(Version id, UnaryOperator<NamespaceMetadata> change) {
    ctx.runner()
        .run(
            kv,
            tr -> {
              ctx.metadata().put(tr, id, change.apply(ctx.metadata().get(tr, id)));
              return null;
            });
  }

  protected static int[] pagesOf(int... p) {
    return p;
  }
}
