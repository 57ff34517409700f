package io.mvsqlite.stress;

import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.NamespaceRef;
import io.mvsqlite.protocol.PageData;
import io.mvsqlite.protocol.PageRead;
import io.mvsqlite.protocol.PageStore;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.stress.CrashWorkload.Ack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The crash test's checks, on a server that came back: every acknowledged commit is there with
 * exactly its bytes, and the state at any version is complete (the commit its marker names shows
 * all of its pages). Collects problems instead of stopping at the first. Not thread-safe.
 */
final class CrashVerifier {

  private final PageStore store;
  private final List<String> problems = new ArrayList<>();
  private int pagesChecked;
  private int versionsChecked;

  CrashVerifier(PageStore store) {
    this.store = store;
  }

  List<String> problems() {
    return problems;
  }

  int pagesChecked() {
    return pagesChecked;
  }

  int versionsChecked() {
    return versionsChecked;
  }

  /**
   * Versions and commit ids are each acknowledged once: no commit applied twice, no version handed
   * out twice.
   */
  void checkUnique(List<Ack> acks) {
    Map<String, Ack> byVersion = new HashMap<>();
    Map<String, Ack> byCommit = new HashMap<>();
    for (Ack a : acks) {
      Ack v = byVersion.put(a.ns() + "@" + a.version(), a);
      if (v != null) {
        problems.add(
            "version "
                + a.version()
                + " of "
                + a.ns()
                + " acknowledged to commits "
                + v.commitId()
                + " and "
                + a.commitId());
      }
      Ack c = byCommit.put(a.commitId(), a);
      if (c != null) {
        problems.add(
            "commit "
                + a.commitId()
                + " acknowledged twice, at "
                + c.version()
                + " and "
                + a.version());
      }
    }
  }

  /**
   * At its own version, the commit's marker and every page it wrote read back exactly, all at that
   * version.
   */
  void checkAcknowledged(Ack ack) {
    versionsChecked++;
    int[] pages = withMarker(ack.pages());
    List<PageData> got = read(ack.ns(), ack.version(), pages);
    PageData marker = got.getFirst();
    CrashPages.Marker m = CrashPages.readMarker(marker.data());
    if (m == null
        || !m.commitId().equals(ack.commitId())
        || !Arrays.equals(m.pages(), ack.pages())) {
      problems.add(
          ack.ns()
              + " at "
              + ack.version()
              + ": the marker is "
              + m
              + ", not acknowledged commit "
              + ack.commitId());
      return;
    }
    checkPages(ack.ns(), ack.version(), ack.commitId(), ack.version(), ack.pages(), got);
  }

  /**
   * At {@code at}, the marker names the newest commit at or below it; every page that commit wrote
   * must show that commit's bytes, at the marker's version: no commit is visible in part.
   */
  void checkComplete(String ns, Version at) {
    versionsChecked++;
    PageData marker = read(ns, at, new int[] {CrashPages.MARKER_PAGE}).getFirst();
    CrashPages.Marker m = CrashPages.readMarker(marker.data());
    if (m == null) {
      return;
    }
    List<PageData> got = read(ns, at, withMarker(m.pages()));
    checkPages(ns, at, m.commitId(), marker.version(), m.pages(), got);
  }

  private void checkPages(
      String ns, Version at, String commitId, Version expected, int[] pages, List<PageData> got) {
    for (int i = 0; i < pages.length; i++) {
      PageData d = got.get(i + 1);
      pagesChecked++;
      String wrong = CrashPages.checkData(d.data(), commitId, pages[i]);
      if (wrong == null && !expected.equals(d.version())) {
        wrong =
            "page "
                + pages[i]
                + " has version "
                + d.version()
                + ", its commit's marker "
                + expected;
      }
      if (wrong != null) {
        problems.add(ns + " at " + at + ": " + wrong);
        return;
      }
    }
  }

  private static int[] withMarker(int[] pages) {
    int[] out = new int[pages.length + 1];
    out[0] = CrashPages.MARKER_PAGE;
    System.arraycopy(pages, 0, out, 1, pages.length);
    return out;
  }

  private List<PageData> read(String ns, Version at, int[] pages) {
    List<PageData> out = new ArrayList<>(pages.length);
    for (int from = 0; from < pages.length; from += Limits.MAX_PAGES_PER_READ) {
      List<PageRead> reads = new ArrayList<>();
      for (int i = from; i < Math.min(pages.length, from + Limits.MAX_PAGES_PER_READ); i++) {
        reads.add(PageRead.at(pages[i], at));
      }
      out.addAll(store.read(NamespaceRef.of(ns), reads));
    }
    return out;
  }
}
