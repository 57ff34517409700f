package io.mvsqlite.client.txn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads the client runs work on, besides the threads that call SQLite: virtual threads for
 * background uploads and lease renewals (they only wait on I/O), and one daemon timer thread that
 * schedules the renewals. Process-wide and never shut down, like a connection pool's threads: they
 * hold no resources when idle.
 */
final class ClientExecutors {

  /** Background I/O: uploads and lease renewals. */
  static final ExecutorService IO =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mvsqlite-io-", 0).factory());

  /** Schedules periodic work; the work itself is handed to {@link #IO}. */
  static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("mvsqlite-timer").daemon(true).factory());

  private ClientExecutors() {}
}
