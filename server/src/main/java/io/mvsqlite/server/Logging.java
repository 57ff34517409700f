package io.mvsqlite.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets up the process's logging once, at startup: one appender on standard error, text lines or
 * JSON lines ({@code --json}), at the level named by {@code MVSTORE_LOG} (error, warn, info, debug,
 * trace; default info), with Jetty and RocksDB held to warnings.
 *
 * <p>A user-supplied Logback configuration ({@code -Dlogback.configurationFile=...}) wins: then
 * nothing is changed.
 */
public final class Logging {

  private Logging() {}

  /**
   * Configures logging for an mvstore process. Call once, before the first log line that matters.
   */
  public static void configure(boolean json, String levelName) {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    EncoderBase<ILoggingEvent> encoder;
    if (json) {
      JsonEncoder lines = new JsonEncoder();
      lines.setWithFormattedMessage(true);
      lines.setWithMessage(false);
      lines.setWithArguments(false);
      lines.setWithContext(false);
      lines.setWithSequenceNumber(false);
      lines.setWithNanoseconds(false);
      encoder = lines;
    } else {
      PatternLayoutEncoder pattern = new PatternLayoutEncoder();
      pattern.setPattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n");
      encoder = pattern;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(parseLevel(levelName));
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("org.rocksdb").setLevel(Level.WARN);
  }

  private static Level parseLevel(String name) {
    if (name == null || name.isBlank()) {
      return Level.INFO;
    }
    return Level.toLevel(name.trim().toUpperCase(Locale.ROOT), Level.INFO);
  }
}
