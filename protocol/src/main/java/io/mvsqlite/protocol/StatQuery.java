package io.mvsqlite.protocol;

import java.util.Objects;

/**
 * One namespace of a shared-snapshot stat ({@link PageStore#statGroup}): what {@link
 * PageStore#stat} takes for one.
 *
 * @param ns the namespace
 * @param fromVersion the client's last known version of it, or {@code null}
 * @param lockOwner the namespace-lock owner the client claims to be, or {@code null}
 */
public record StatQuery(NamespaceRef ns, Version fromVersion, String lockOwner) {

  public StatQuery {
    Objects.requireNonNull(ns, "ns");
  }
}
