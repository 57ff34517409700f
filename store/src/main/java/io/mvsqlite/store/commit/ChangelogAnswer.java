package io.mvsqlite.store.commit;

import io.mvsqlite.kv.KeyValue;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.kv.KvReader;
import io.mvsqlite.kv.KvTransaction;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreContext;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog part of a commit's answer (reference §6.2, tail): per namespace key, the pages
 * other commits changed between the namespace's base version and this commit, so the client drops
 * only those from its cache.
 *
 * <p>For a namespace the commit wrote, the changelog interval {@code (base, V)} (exclusive of the
 * commit's own entry). For a check-only participant of a group, which has no entry at {@code V},
 * the interval up to its newest entry before {@code V}, inclusive. A namespace whose answer is
 * unknown (too many commits or pages in between, an entry "unknown", a base that is not a commit
 * version) is left out: the client drops its whole cache. The answer is advisory and read after the
 * commit, with snapshot reads in a fresh transaction; if that fails the commit still stands and the
 * answer is empty. Thread-safe.
 */
final class ChangelogAnswer {

  private static final Logger log = LoggerFactory.getLogger(ChangelogAnswer.class);

  private final StoreContext ctx;
  private final KeyCodec keys;

  ChangelogAnswer(StoreContext ctx) {
    this.ctx = ctx;
    this.keys = ctx.keys();
  }

  Map<String, int[]> answer(CommitPlan plan, List<Version> ids, Version version) {
    Map<String, int[]> out = new LinkedHashMap<>();
    try (KvTransaction tr = ctx.kv().createTransaction()) {
      KvReader snap = tr.snapshot();
      for (int i = 0; i < ids.size(); i++) {
        NamespacePlan ns = plan.namespaces().get(i);
        int[] pages =
            ns.writes()
                ? writtenInterval(snap, ids.get(i), ns.base(), version)
                : checkedInterval(snap, ids.get(i), ns.base(), version);
        if (pages != null) {
          out.put(ns.ref().key(), pages);
        }
      }
    } catch (KvException | MvException e) {
      log.debug("no changelog answer for commit {}: {}", version, e.toString());
      return Map.of();
    }
    return out;
  }

  private int[] writtenInterval(KvReader snap, Version id, Version base, Version version) {
    return ctx.intervals().read(snap, id, base, version, false);
  }

  private int[] checkedInterval(KvReader snap, Version id, Version base, Version version) {
    List<KeyValue> newest =
        snap.getRange(keys.changelogPrefix(id), keys.changelog(id, version), 1, true);
    if (newest.isEmpty()) {
      return base.isAfter(version) ? null : new int[0];
    }
    return ctx.intervals()
        .read(snap, id, base, keys.decodeChangelogVersion(newest.getFirst().key()), true);
  }
}
