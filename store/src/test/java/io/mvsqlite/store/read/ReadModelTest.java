package io.mvsqlite.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.StoreFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Model-based: random commits (plain, staged, merged or not) against an in-memory model of every
 * version, then random reads at random versions, in random batches, compared with the model. Fixed
 * seed, printed in every assertion.
 */
class ReadModelTest extends StoreFixture {

  private static final long SEED = 0x5eed_2026L;
  private static final int PAGES = 12;
  private static final int COMMITS = 40;

  @Test
  void readsMatchTheModelAtEveryVersion() {
    Random random = new Random(SEED);
    Version ns = createNamespace("model");
    TreeMap<Version, Map<Integer, byte[]>> model = new TreeMap<>();
    Map<Integer, byte[]> current = new HashMap<>();
    model.put(ns, Map.copyOf(current));
    List<Runnable> pendingMerges = new ArrayList<>();
    for (int c = 0; c < COMMITS; c++) {
      Map<Integer, byte[]> writes = new HashMap<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        byte[] data = new byte[64 + random.nextInt(64)];
        random.nextBytes(data);
        writes.put(random.nextInt(PAGES), data);
      }
      Version v;
      if (random.nextInt(4) == 0) {
        byte[] commitId = new byte[16];
        random.nextBytes(commitId);
        v = commits.publishStaged(ns, commitId, writes);
        Version published = v;
        Runnable merge =
            () -> {
              commits.mergeStagedEntries(ns, published, commitId);
              commits.finishStaged(ns, published, commitId);
            };
        if (random.nextBoolean()) {
          merge.run();
        } else {
          pendingMerges.add(merge);
        }
      } else {
        v = commits.commit(ns, writes);
      }
      current.putAll(writes);
      model.put(v, Map.copyOf(current));
    }
    checkAgainstModel(random, model);
    pendingMerges.forEach(Runnable::run);
    checkAgainstModel(random, model);
  }

  private void checkAgainstModel(Random random, TreeMap<Version, Map<Integer, byte[]>> model) {
    List<Version> versions = new ArrayList<>(model.keySet());
    for (int batch = 0; batch < 10; batch++) {
      List<PageRead> reads = new ArrayList<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        reads.add(
            PageRead.at(random.nextInt(PAGES + 2), versions.get(random.nextInt(versions.size()))));
      }
      assertMatches(model, reads);
    }
    // Runs of neighbouring pages at one version, as a scan's prefetch asks for them: the store
    // reads their page index as one range (and falls back page by page where the history is long).
    for (int batch = 0; batch < 20; batch++) {
      Version at = versions.get(random.nextInt(versions.size()));
      List<PageRead> reads = new ArrayList<>();
      for (int p = random.nextInt(4); p < PAGES + 2; p += 1 + (random.nextInt(5) == 0 ? 3 : 0)) {
        reads.add(PageRead.at(p, at));
      }
      Collections.shuffle(reads, random);
      assertMatches(model, reads);
    }
  }

  private void assertMatches(TreeMap<Version, Map<Integer, byte[]>> model, List<PageRead> reads) {
    List<PageData> out = pages.read(ref("model"), reads);
    for (int i = 0; i < reads.size(); i++) {
      PageRead r = reads.get(i);
      byte[] expected = model.get(r.version()).get(r.pageIndex());
      if (expected == null) {
        assertThat(out.get(i).isAbsent())
            .as("seed %d, page %d at %s", SEED, r.pageIndex(), r.version())
            .isTrue();
      } else {
        assertThat(out.get(i).data())
            .as("seed %d, page %d at %s", SEED, r.pageIndex(), r.version())
            .isEqualTo(expected);
        Version written = out.get(i).version();
        assertThat(model.get(written).get(r.pageIndex()))
            .as("seed %d: the answer's version wrote this content", SEED)
            .isEqualTo(expected);
        assertThat(written).isLessThanOrEqualTo(r.version());
      }
    }
  }
}
