package io.mvsqlite.protocol;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The admin API of mvstore: namespace life cycle and history management. Implemented by the engine
 * and by the HTTP admin client. Failures are {@link MvException}s.
 */
public interface NamespaceAdmin {

  /** Creates an empty namespace, or a fork of {@code overlayBase} when it is non-null. */
  void create(String key, NamespaceMetadata.OverlayBase overlayBase);

  /** Forks {@code baseKey} as it was at {@code version} into the new namespace {@code newKey}. */
  void fork(String baseKey, Version version, String newKey);

  void rename(String oldKey, String newKey);

  void delete(String key);

  /**
   * Streams every namespace whose key starts with {@code prefix} (empty for all) to {@code sink}.
   */
  void list(String prefix, Consumer<NamespaceInfo> sink);

  NamespaceInfo stat(String key);

  /**
   * Deletes page versions that no read at or after {@code before} can see, and makes reads below it
   * fail. A dry run ({@code apply = false}) only counts. Progress reports the cumulative number of
   * versions deleted.
   *
   * @return the number of page versions deleted (or that would be)
   */
  long truncate(String key, Version before, boolean apply, LongConsumer progress);

  /**
   * Deletes page contents no page version references any more (content GC). A dry run only counts.
   *
   * @return the number of contents deleted (or that would be)
   */
  long deleteUnreferencedContent(String key, boolean apply, LongConsumer progress);
}
