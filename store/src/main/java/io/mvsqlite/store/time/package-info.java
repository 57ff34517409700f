/**
 * Time travel by wall-clock time: {@code /time2version} ({@link io.mvsqlite.store.time.TimeMapper})
 * and the background {@link io.mvsqlite.store.time.Timekeeper} that records the points it reads.
 */
package io.mvsqlite.store.time;
