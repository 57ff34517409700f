package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_BLOB;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ERROR;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FLOAT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_INTEGER;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_NULL;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_TEXT;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_UTF8;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.mvsqlite.protocol.MvException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java scalar SQL functions in one loaded copy of SQLite, through {@code
 * sqlite3_create_function_v2}.
 *
 * <p>{@link #register} adds a function to one open connection. {@link #installOnEveryConnection}
 * adds it to every connection opened later in this SQLite copy, through {@code
 * sqlite3_auto_extension}: that is how a {@code -javaagent} or an {@code LD_PRELOAD} host, which do
 * not control the opens, give each connection mvSQLite's functions.
 *
 * <p><b>Calls.</b> One {@code xFunc} upcall serves every function; its user-data pointer is an id
 * naming the Java function. Arguments become Java values, the result is set with {@code
 * sqlite3_result_*}; text and blobs are copied ({@code SQLITE_TRANSIENT}). A {@link
 * SqlFunctionException} becomes {@code sqlite3_result_error} plus {@code
 * sqlite3_result_error_code}; nothing thrown by a function can escape into SQLite. SQLite's {@code
 * xDestroy} callback (when the connection closes or the function is replaced) forgets the id, so
 * registrations do not leak.
 *
 * <p>Thread-safe. Obtain instances from {@link SqliteBinding#functions()}: one per SQLite copy.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
public final class SqlFunctions {

  private static final Logger LOG = LoggerFactory.getLogger(SqlFunctions.class);

  /** Longest function name SQLite accepts, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /** Highest argument count SQLite accepts; -1 means any number. */
  public static final int MAX_ARGUMENTS = 127;

  /**
   * Encoding bits of the flags argument ({@code SQLITE_UTF8} … {@code SQLITE_UTF16_ALIGNED});
   * always UTF-8 here.
   */
  private static final int ENCODING_MASK = 0xF;

  private final SqliteApi api;
  private final ConcurrentMap<Long, SqlFunction> live = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final List<Definition> everyConnection = new CopyOnWriteArrayList<>();
  private volatile Stubs stubs;
  private boolean autoExtensionInstalled; // guarded by this

  private record Definition(String name, int argumentCount, int flags, SqlFunction function) {}

  private record Stubs(MemorySegment xFunc, MemorySegment xDestroy, MemorySegment autoExtension) {}

  SqlFunctions(SqliteApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * Registers {@code function} as {@code name} with {@code argumentCount} arguments on one
   * connection, replacing a function of the same name and argument count.
   *
   * @param argumentCount 0 to {@value #MAX_ARGUMENTS}, or -1 for any number
   * @param flags {@code SQLITE_DETERMINISTIC}, {@code SQLITE_DIRECTONLY}, {@code SQLITE_INNOCUOUS};
   *     the encoding is always UTF-8
   * @throws IllegalArgumentException on a bad name or argument count, or a handle of another SQLite
   *     copy
   * @throws SqliteCallException if SQLite refuses (e.g. the connection has statements running)
   */
  public void register(
      DbHandle db, String name, int argumentCount, int flags, SqlFunction function) {
    validate(name, argumentCount, function);
    if (db.api().identity() != api.identity()) {
      throw new IllegalArgumentException(
          "the connection belongs to another SQLite copy than " + api);
    }
    Stubs callbacks = stubs();
    long id = nextId.getAndIncrement();
    live.put(id, function);
    int rc =
        api.createFunctionV2(
            db.segment(),
            name,
            argumentCount,
            (flags & ~ENCODING_MASK) | SQLITE_UTF8,
            MemorySegment.ofAddress(id),
            callbacks.xFunc(),
            MemorySegment.NULL,
            MemorySegment.NULL,
            callbacks.xDestroy());
    if (rc != SQLITE_OK) {
      live.remove(id); // SQLite has usually called xDestroy already; removing twice is harmless
      throw new SqliteCallException("sqlite3_create_function_v2", rc, api.errmsg(db.segment()));
    }
  }

  /**
   * Registers {@code function} on every connection this SQLite copy opens from now on, before the
   * open returns. Connections already open are not changed. If registering fails, the open fails
   * with "automatic extension loading failed".
   *
   * @return a handle whose {@link Installation#close()} stops adding the function to new
   *     connections
   * @throws IllegalArgumentException as {@link #register}
   */
  public synchronized Installation installOnEveryConnection(
      String name, int argumentCount, int flags, SqlFunction function) {
    validate(name, argumentCount, function);
    Definition definition = new Definition(name, argumentCount, flags, function);
    everyConnection.add(definition);
    if (!autoExtensionInstalled) {
      int rc = api.autoExtension(stubs().autoExtension());
      if (rc != SQLITE_OK) {
        everyConnection.remove(definition);
        throw new SqliteCallException("sqlite3_auto_extension", rc, api.errstr(rc));
      }
      autoExtensionInstalled = true;
    }
    return new Installation(this, definition);
  }

  /** Stops {@link #installOnEveryConnection} for one function. */
  public static final class Installation implements AutoCloseable {
    private final SqlFunctions owner;
    private final Definition definition;

    private Installation(SqlFunctions owner, Definition definition) {
      this.owner = owner;
      this.definition = definition;
    }

    /**
     * Later connections no longer get the function; connections that have it keep it. Idempotent.
     */
    @Override
    public void close() {
      owner.everyConnection.remove(definition);
    }
  }

  /** How many registered functions SQLite has not yet destroyed (for tests and diagnostics). */
  int liveCount() {
    return live.size();
  }

  private static void validate(String name, int argumentCount, SqlFunction function) {
    Objects.requireNonNull(function, "function");
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a function name must be non-empty and free of NUL characters");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "a function name may have at most " + MAX_NAME_BYTES + " UTF-8 bytes");
    }
    if (argumentCount < -1 || argumentCount > MAX_ARGUMENTS) {
      throw new IllegalArgumentException("argument count must be -1 or 0.." + MAX_ARGUMENTS);
    }
  }

  private Stubs stubs() {
    Stubs current = stubs;
    if (current == null) {
      synchronized (this) {
        current = stubs;
        if (current == null) {
          current = createStubs();
          stubs = current;
        }
      }
    }
    return current;
  }

  private Stubs createStubs() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FunctionDescriptor funcType = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
      FunctionDescriptor destroyType = FunctionDescriptor.ofVoid(ADDRESS);
      FunctionDescriptor entryType = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
      MethodHandle func =
          lookup.findVirtual(SqlFunctions.class, "xFunc", funcType.toMethodType()).bindTo(this);
      MethodHandle destroy =
          lookup
              .findVirtual(SqlFunctions.class, "xDestroy", destroyType.toMethodType())
              .bindTo(this);
      MethodHandle entry =
          lookup
              .findVirtual(SqlFunctions.class, "autoExtensionEntry", entryType.toMethodType())
              .bindTo(this);
      return new Stubs(
          NativeAccess.upcall(func, funcType),
          NativeAccess.upcall(destroy, destroyType),
          NativeAccess.upcall(entry, entryType));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("SQL function upcalls missing", e);
    }
  }

  // --- Upcalls: each catches Throwable, as an exception escaping into SQLite would end the JVM.
  // ---------------

  private void xFunc(MemorySegment context, int argc, MemorySegment argv) {
    try {
      SqlFunction function = live.get(api.userData(context).address());
      if (function == null) {
        api.resultError(context, "the Java function is no longer registered");
        return;
      }
      MemorySegment values = argv.reinterpret(argc * ADDRESS.byteSize());
      Object[] arguments = new Object[argc];
      for (int i = 0; i < argc; i++) {
        arguments[i] = toJava(values.getAtIndex(ADDRESS, i));
      }
      DbHandle db = new DbHandle(api, api.contextDbHandle(context).address());
      Object result =
          function.apply(
              new SqlFunction.Call(db, Collections.unmodifiableList(Arrays.asList(arguments))));
      setResult(context, result);
    } catch (SqlFunctionException e) {
      fail(context, e.resultCode(), e.getMessage(), null);
    } catch (MvException e) {
      fail(context, e.code().sqliteCode(), e.getMessage(), null);
    } catch (OutOfMemoryError e) {
      try {
        api.resultErrorNomem(context);
      } catch (Throwable ignored) {
        // Nothing more can be done without memory.
      }
    } catch (Throwable t) {
      fail(context, SQLITE_ERROR, t.toString(), t);
    }
  }

  private void fail(MemorySegment context, int code, String message, Throwable unexpected) {
    try {
      if (unexpected != null) {
        LOG.warn("Java SQL function failed unexpectedly", unexpected);
      }
      api.resultError(context, message == null ? "Java SQL function failed" : message);
      api.resultErrorCode(context, code);
    } catch (Throwable ignored) {
      // The statement then fails without our message; nothing may escape the upcall.
    }
  }

  private void xDestroy(MemorySegment userData) {
    try {
      live.remove(userData.address());
    } catch (Throwable ignored) {
      // A map removal cannot fail; nothing may escape the upcall anyway.
    }
  }

  private int autoExtensionEntry(MemorySegment db, MemorySegment pzErrMsg, MemorySegment pApi) {
    try {
      DbHandle handle = new DbHandle(api, db.address());
      for (Definition definition : everyConnection) {
        register(
            handle,
            definition.name(),
            definition.argumentCount(),
            definition.flags(),
            definition.function());
      }
      return SQLITE_OK;
    } catch (Throwable t) {
      try {
        LOG.error("installing Java SQL functions on a new connection failed", t);
        if (pzErrMsg.address() != 0) {
          pzErrMsg
              .reinterpret(ADDRESS.byteSize())
              .set(ADDRESS, 0, api.mallocString(String.valueOf(t.getMessage())));
        }
      } catch (Throwable ignored) {
        // The open fails without a message; nothing may escape the upcall.
      }
      return SQLITE_ERROR;
    }
  }

  private Object toJava(MemorySegment value) {
    return switch (api.valueType(value)) {
      case SQLITE_INTEGER -> api.valueInt64(value);
      case SQLITE_FLOAT -> api.valueDouble(value);
      case SQLITE_TEXT -> api.valueText(value);
      case SQLITE_BLOB -> api.valueBlob(value);
      case SQLITE_NULL -> null;
      default -> throw new IllegalStateException("unknown SQLite value type");
    };
  }

  private void setResult(MemorySegment context, Object result) {
    switch (result) {
      case null -> api.resultNull(context);
      case Long value -> api.resultInt64(context, value);
      case Integer value -> api.resultInt64(context, value);
      case Short value -> api.resultInt64(context, value);
      case Byte value -> api.resultInt64(context, value);
      case Boolean value -> api.resultInt64(context, value ? 1 : 0);
      case Double value -> api.resultDouble(context, value);
      case Float value -> api.resultDouble(context, value);
      case String value -> api.resultText(context, value);
      case byte[] value -> api.resultBlob(context, value);
      default ->
          fail(
              context,
              SQLITE_ERROR,
              "a Java SQL function returned an unsupported type: " + result.getClass().getName(),
              null);
    }
  }
}
