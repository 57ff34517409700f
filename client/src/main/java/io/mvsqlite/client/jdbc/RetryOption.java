package io.mvsqlite.client.jdbc;

import io.mvsqlite.client.AutocommitRetry;
import io.mvsqlite.protocol.MvException;
import java.sql.SQLException;
import java.util.Map;

/**
 * The driver's one option of its own, {@value #KEY}: how many times an autocommit statement is run
 * again after its commit conflicted. The policy itself (backoff, jitter, limits) is {@link
 * AutocommitRetry}, shared with the drop-in hosts; without the option a connection gets the
 * process's policy ({@code MVSQLITE_AUTOCOMMIT_RETRIES}, {@code -Dmvsqlite.autocommitRetries}, else
 * {@value AutocommitRetry#DEFAULT_MAX_RETRIES} retries).
 */
final class RetryOption {

  static final String KEY = "autocommitRetries";

  private RetryOption() {}

  /**
   * The policy {@code options} ask for.
   *
   * @throws SQLException SQLSTATE 08001 for a value that is not an integer from 0 to {@value
   *     AutocommitRetry#MAX_RETRIES_LIMIT}, or an invalid process setting
   */
  static AutocommitRetry from(Map<String, String> options) throws SQLException {
    String value = options.get(KEY);
    if (value == null) {
      try {
        return AutocommitRetry.fromProcess();
      } catch (MvException e) {
        throw SqlExceptions.of(e);
      }
    }
    try {
      int retries = Integer.parseInt(value.trim());
      if (retries >= 0 && retries <= AutocommitRetry.MAX_RETRIES_LIMIT) {
        return new AutocommitRetry(
            retries, AutocommitRetry.DEFAULT_FIRST_DELAY, AutocommitRetry.DEFAULT_MAX_DELAY);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw SqlExceptions.configuration(
        "invalid "
            + KEY
            + ": '"
            + value
            + "'; expected an integer from 0 (no"
            + " retries) to "
            + AutocommitRetry.MAX_RETRIES_LIMIT);
  }
}
