package io.mvsqlite.store.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.CommitOutcome;
import io.mvsqlite.protocol.PageCommit;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.store.Snapshots;
import io.mvsqlite.store.keys.KeyCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The changelog a commit writes, and the changelog part of its answer (reference §6.2 tail, §6.4).
 */
class ChangelogTest extends CommitFixture {

  private CommitOutcome.Committed commitOutcome(CommitOutcome o) {
    assertThat(o).isInstanceOf(CommitOutcome.Committed.class);
    return (CommitOutcome.Committed) o;
  }

  @Test
  void theAnswerListsThePagesOtherCommitsChangedSinceTheBase() {
    createNamespace("db");
    Version base = committed(request(ns("db", head("db"), null, fast(1, data(64)))));
    Version v2 =
        committed(request(ns("db", base, new int[0], fast(4, data(64)), fast(9, data(64)))));
    committed(request(ns("db", v2, new int[0], fast(2, data(64)))));

    CommitOutcome.Committed mine =
        commitOutcome(
            pages.commit(
                request(ns("db", base, pagesOf(1), fast(1, data(64)), fast(7, data(64))))));
    assertThat(mine.changelog()).containsOnlyKeys("db");
    assertThat(mine.changelog().get("db")).as("others' pages, not mine").containsExactly(2, 4, 9);
  }

  @Test
  void aCommitOnTheHeadGetsAnEmptyChangelog() {
    createNamespace("db");
    Version base = committed(request(ns("db", head("db"), null, fast(1, data(64)))));
    CommitOutcome.Committed next =
        commitOutcome(pages.commit(request(ns("db", base, null, fast(3, data(64))))));
    assertThat(next.changelog().get("db")).isEmpty();
  }

  @Test
  void theChangelogEntryListsTheCommitsPagesAndStatIntervalsSeeThem() {
    Version id = createNamespace("db");
    Version v1 =
        committed(request(ns("db", head("db"), null, fast(3, data(64)), fast(1, data(64)))));
    Version v2 = committed(request(ns("db", v1, null, fast(8, data(64)))));
    assertThat(KeyCodec.decodeChangelog(Snapshots.get(kv, keys.changelog(id, v1))))
        .containsExactly(1, 3);
    assertThat(pages.stat(ref("db"), v1, null).interval()).containsExactly(8);
    assertThat(pages.stat(ref("db"), v2, null).interval()).isEmpty();
  }

  @Test
  void fiveHundredPagesOrMoreAreWrittenAsUnknown() {
    Version id = createNamespace("db");
    List<PageCommit> entries = new ArrayList<>();
    byte[] same = data(64);
    entries.add(fast(0, same));
    for (int p = 1; p < 500; p++) {
      entries.add(entry(p, io.mvsqlite.store.content.PageHasher.hash(same)));
    }
    Version base = head("db");
    Version big = committed(request(ns("db", base, null, entries)));
    assertThat(Snapshots.get(kv, keys.changelog(id, big)))
        .isEqualTo(KeyCodec.changelogUnknownValue());
    CommitOutcome.Committed after =
        commitOutcome(pages.commit(request(ns("db", base, new int[0], fast(600, data(8))))));
    assertThat(after.changelog()).as("unknown: the client drops its cache").doesNotContainKey("db");
  }
}
