package io.mvsqlite.client.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters and the batch of one statement wrapper, kept so that the driver can run them
 * again: a batch entry re-run after a conflict needs its parameters bound again, and sqlite-jdbc
 * forgets them after each execution.
 *
 * <p>A parameter is recorded as the setter call that set it ({@code setInt(1, 5)}), replayed in
 * order on the wrapped statement. A stream argument ({@code setBinaryStream}, {@code
 * setCharacterStream}, …) can be read only once, so it is read into memory when set (up to its
 * length argument, if any; sqlite-jdbc reads it at once too) and each replay gets a fresh stream
 * over the same content. Not thread-safe: one statement is used by one thread at a time.
 */
final class ParameterLog {

  /** One setter call. */
  record SetterCall(Method method, Object[] args) {}

  /** One entry of a batch. */
  sealed interface BatchEntry permits SqlEntry, ParameterEntry {}

  /** {@code Statement.addBatch(sql)}. */
  record SqlEntry(String sql) implements BatchEntry {}

  /** {@code PreparedStatement.addBatch()}: the parameters set at that moment. */
  record ParameterEntry(List<SetterCall> calls) implements BatchEntry {}

  /** The content of a stream argument, read once; {@link #fresh()} is a new stream over it. */
  private record Buffered(byte[] bytes, String chars) {
    Object fresh() {
      return bytes != null ? new ByteArrayInputStream(bytes) : new StringReader(chars);
    }
  }

  private final List<SetterCall> current = new ArrayList<>();
  private final List<BatchEntry> batch = new ArrayList<>();

  /**
   * Records a setter call and returns the arguments to pass on: the same, with each stream replaced
   * by a fresh stream over its buffered content.
   */
  Object[] record(Method method, Object[] args) throws SQLException {
    Object[] kept = args.clone();
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < kept.length; i++) {
      boolean stream = types[i] == InputStream.class || types[i] == Reader.class;
      if (stream && kept[i] != null) {
        boolean sized =
            i + 1 < types.length && (types[i + 1] == int.class || types[i + 1] == long.class);
        kept[i] = buffer(kept[i], sized ? ((Number) kept[i + 1]).longValue() : -1);
      }
    }
    current.add(new SetterCall(method, kept));
    return live(kept);
  }

  void clearParameters() {
    current.clear();
  }

  void addParameters() {
    batch.add(new ParameterEntry(List.copyOf(current)));
  }

  void addSql(String sql) {
    batch.add(new SqlEntry(sql));
  }

  void clearBatch() {
    batch.clear();
  }

  /** The batch, which is empty afterwards. */
  List<BatchEntry> drainBatch() {
    List<BatchEntry> entries = List.copyOf(batch);
    batch.clear();
    return entries;
  }

  /** The parameters set now. */
  List<SetterCall> currentParameters() {
    return List.copyOf(current);
  }

  /** Makes {@code calls} on {@code target}, in order. */
  static void replay(List<SetterCall> calls, Object target) throws SQLException {
    for (SetterCall c : calls) {
      try {
        c.method().invoke(target, live(c.args()));
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw new SQLException("setting a parameter again failed: " + e.getCause(), e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Object[] live(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Buffered b) {
        out[i] = b.fresh();
      }
    }
    return out;
  }

  private static Buffered buffer(Object stream, long limit) throws SQLException {
    long max = limit < 0 ? Integer.MAX_VALUE - 8 : Math.min(limit, Integer.MAX_VALUE - 8);
    try {
      if (stream instanceof InputStream in) {
        return new Buffered(in.readNBytes((int) max), null);
      }
      Reader reader = (Reader) stream;
      StringBuilder text = new StringBuilder();
      char[] chunk = new char[8192];
      int n;
      while (text.length() < max
          && (n = reader.read(chunk, 0, (int) Math.min(chunk.length, max - text.length()))) >= 0) {
        text.append(chunk, 0, n);
      }
      return new Buffered(null, text.toString());
    } catch (IOException e) {
      throw new SQLException("cannot read the stream given as a parameter: " + e.getMessage(), e);
    }
  }
}
