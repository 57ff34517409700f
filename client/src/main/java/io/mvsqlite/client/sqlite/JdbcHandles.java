package io.mvsqlite.client.sqlite;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code sqlite3*} behind a sqlite-jdbc {@link Connection}.
 *
 * <p>sqlite-jdbc keeps it in the private {@code long pointer} field of {@code
 * org.sqlite.core.NativeDB}, reached through the public {@code SQLiteConnection.getDatabase()}.
 * Everything is found by name through reflection, so connections of sqlite-jdbc copies in other
 * class loaders work too. Pool and proxy wrappers are unwrapped with {@link Connection#unwrap}.
 * Reading the private field needs the package open to us: true on the class path; on the module
 * path add {@code --add-opens org.xerial.sqlitejdbc/org.sqlite.core=ALL-UNNAMED} (or the module of
 * this code).
 */
public final class JdbcHandles {

  private static final String SQLITE_CONNECTION = "org.sqlite.SQLiteConnection";
  private static final int MAX_WRAPPER_DEPTH = 16;

  private JdbcHandles() {}

  /**
   * The connection's {@code sqlite3*}, with the SQLite copy it belongs to.
   *
   * @throws IllegalArgumentException if {@code connection} is not a sqlite-jdbc connection and does
   *     not unwrap to one
   * @throws IllegalStateException if it is closed, or sqlite-jdbc's internals cannot be read
   */
  public static DbHandle dbHandle(Connection connection) {
    Object database = database(connection);
    long pointer = pointer(database);
    return new DbHandle(SqliteBinding.forNativeDbClass(database.getClass()).api(), pointer);
  }

  /**
   * The {@code sqlite3*} of {@code connection}, without resolving its API (used while capturing
   * it).
   */
  static long rawPointer(Connection connection) {
    return pointer(database(connection));
  }

  /** sqlite-jdbc's {@code NativeDB} of the connection. */
  private static Object database(Connection connection) {
    Object sqliteConnection = unwrap(connection);
    try {
      Method getDatabase = sqliteConnection.getClass().getMethod("getDatabase");
      Object database = getDatabase.invoke(sqliteConnection);
      if (database == null) {
        throw new IllegalStateException(
            "the sqlite-jdbc connection has no database; is it closed?");
      }
      return database;
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(
          "this sqlite-jdbc version has no accessible SQLiteConnection.getDatabase()", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("SQLiteConnection.getDatabase() failed", e.getCause());
    }
  }

  private static long pointer(Object database) {
    Field field = findField(database.getClass(), "pointer");
    if (field == null || field.getType() != long.class) {
      throw new IllegalStateException(
          "sqlite-jdbc's "
              + database.getClass().getName()
              + " has no 'long pointer' field; unsupported version");
    }
    try {
      field.setAccessible(true);
      long pointer = field.getLong(database);
      if (pointer == 0) {
        throw new IllegalStateException("the sqlite-jdbc connection is closed");
      }
      return pointer;
    } catch (InaccessibleObjectException | IllegalAccessException e) {
      throw new IllegalStateException(
          "cannot read sqlite-jdbc's NativeDB.pointer: add --add-opens org.xerial.sqlitejdbc/org.sqlite.core="
              + (JdbcHandles.class.getModule().isNamed()
                  ? JdbcHandles.class.getModule().getName()
                  : "ALL-UNNAMED"),
          e);
    }
  }

  private static Field findField(Class<?> type, String name) {
    for (Class<?> k = type; k != null; k = k.getSuperclass()) {
      try {
        return k.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // Look in the superclass.
      }
    }
    return null;
  }

  /**
   * {@code connection} itself or what it unwraps to, whose class is (a subclass of) sqlite-jdbc's
   * SQLiteConnection.
   */
  private static Object unwrap(Connection connection) {
    Connection current = connection;
    for (int depth = 0; depth < MAX_WRAPPER_DEPTH; depth++) {
      if (isSqliteConnection(current.getClass())) {
        return current;
      }
      Connection next = unwrapOnce(current);
      if (next == null || next == current) {
        break;
      }
      current = next;
    }
    throw new IllegalArgumentException(
        "not a sqlite-jdbc connection, nor a wrapper that unwraps to one: "
            + connection.getClass().getName());
  }

  private static Connection unwrapOnce(Connection wrapper) {
    for (Class<?> target : candidateTargets(wrapper)) {
      try {
        if (wrapper.isWrapperFor(target)) {
          return (Connection) wrapper.unwrap(target);
        }
      } catch (SQLException | RuntimeException e) {
        // Not unwrappable this way; try the next target.
      }
    }
    return null;
  }

  private static Class<?>[] candidateTargets(Connection wrapper) {
    Class<?> visible = null;
    try {
      ClassLoader loader = wrapper.getClass().getClassLoader();
      visible =
          Class.forName(
              SQLITE_CONNECTION,
              false,
              loader == null ? ClassLoader.getSystemClassLoader() : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      // sqlite-jdbc is not visible from the wrapper's loader; rely on Connection.class.
    }
    return visible == null
        ? new Class<?>[] {Connection.class}
        : new Class<?>[] {visible, Connection.class};
  }

  private static boolean isSqliteConnection(Class<?> type) {
    for (Class<?> k = type; k != null; k = k.getSuperclass()) {
      if (k.getName().equals(SQLITE_CONNECTION)) {
        return true;
      }
    }
    return false;
  }
}
