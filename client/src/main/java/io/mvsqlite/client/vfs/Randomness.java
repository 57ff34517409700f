package io.mvsqlite.client.vfs;

import java.security.SecureRandom;

/**
 * The entropy source behind {@link VirtualFileSystem#randomness}'s default: seeded by the OS,
 * thread-safe.
 */
final class Randomness {

  static final SecureRandom SOURCE = new SecureRandom();

  private Randomness() {}
}
