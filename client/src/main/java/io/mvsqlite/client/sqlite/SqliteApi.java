package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.ApiFunction.*;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * SQLite's C API as downcalls into one loaded copy of SQLite. Each function's address is resolved
 * once, when the instance is built; the method handles are {@code static final} and take the
 * address as their first argument, so the JIT sees constant handles whichever copy is called.
 *
 * <p><b>Two sources.</b> {@link #fromApiRoutines} reads the addresses from the {@code
 * sqlite3_api_routines} table that SQLite hands to a loadable extension: the only way into
 * sqlite-jdbc's bundled SQLite, whose symbols are hidden (see {@link JavaDlBootstrap}). {@link
 * #fromLibrary} looks the exported symbols up in a shared library such as the host's {@code
 * libsqlite3.so.0}. Both give the same functions; {@link #identity()} tells copies apart.
 *
 * <p><b>Memory.</b> Methods that take Java strings or byte arrays copy them into a confined arena
 * for the duration of the call. Pointers returned by SQLite ({@code sqlite3*}, {@code
 * sqlite3_stmt*}, {@code sqlite3_value*}) are zero-length segments owned by SQLite; their lifetime
 * is SQLite's.
 *
 * <p>Thread-safe: the instance is immutable; SQLite itself decides which calls may run concurrently
 * (sqlite-jdbc's library and Debian's are both built serialized, {@code SQLITE_THREADSAFE=1}).
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
public final class SqliteApi {

  /** The oldest SQLite whose routines table layout this binding was checked against. */
  public static final int MIN_ROUTINES_TABLE_VERSION = 3_040_000;

  /** {@code SQLITE_TRANSIENT}: SQLite copies the value before the call returns. */
  static final MemorySegment TRANSIENT = MemorySegment.ofAddress(-1L);

  // Downcall handles are created lazily, one group at a time: each distinct C signature costs the
  // JDK about 10 ms
  // of code generation on first use, and most processes never need the statement API. Holder
  // classes keep the
  // handles static final (constant for the JIT) while deferring their creation.

  /** Versions, memory, VFS registration, file control, error text: needed by every binding. */
  private static final class Core {
    static final MethodHandle LIBVERSION = handle(ApiFunction.LIBVERSION);
    static final MethodHandle LIBVERSION_NUMBER = handle(ApiFunction.LIBVERSION_NUMBER);
    static final MethodHandle MALLOC = handle(ApiFunction.MALLOC);
    static final MethodHandle FREE = handle(ApiFunction.FREE);
    static final MethodHandle VFS_FIND = handle(ApiFunction.VFS_FIND);
    static final MethodHandle VFS_REGISTER = handle(ApiFunction.VFS_REGISTER);
    static final MethodHandle VFS_UNREGISTER = handle(ApiFunction.VFS_UNREGISTER);
    static final MethodHandle FILE_CONTROL = handle(ApiFunction.FILE_CONTROL);
    static final MethodHandle ERRSTR = handle(ApiFunction.ERRSTR);
    static final MethodHandle ERRMSG = handle(ApiFunction.ERRMSG);

    private Core() {}
  }

  /** URI parameters of database file names: read by VFS opens. */
  private static final class Uris {
    static final MethodHandle URI_KEY = handle(ApiFunction.URI_KEY);
    static final MethodHandle URI_PARAMETER = handle(ApiFunction.URI_PARAMETER);

    private Uris() {}
  }

  /** The transaction state of a connection: asked before every statement by the JDBC driver. */
  private static final class Transactions {
    static final MethodHandle GET_AUTOCOMMIT = handle(ApiFunction.GET_AUTOCOMMIT);
    static final MethodHandle TXN_STATE = handle(ApiFunction.TXN_STATE);
    static final MethodHandle STMT_BUSY = handle(ApiFunction.STMT_BUSY);

    private Transactions() {}
  }

  /**
   * SQL function registration and the sqlite3_value / sqlite3_context calls made inside functions.
   */
  private static final class Functions {
    static final MethodHandle CREATE_FUNCTION_V2 = handle(ApiFunction.CREATE_FUNCTION_V2);
    static final MethodHandle AUTO_EXTENSION = handle(ApiFunction.AUTO_EXTENSION);
    static final MethodHandle CANCEL_AUTO_EXTENSION = handle(ApiFunction.CANCEL_AUTO_EXTENSION);
    static final MethodHandle CONTEXT_DB_HANDLE = handle(ApiFunction.CONTEXT_DB_HANDLE);
    static final MethodHandle USER_DATA = handle(ApiFunction.USER_DATA);
    static final MethodHandle RESULT_NULL = handle(ApiFunction.RESULT_NULL);
    static final MethodHandle RESULT_INT64 = handle(ApiFunction.RESULT_INT64);
    static final MethodHandle RESULT_DOUBLE = handle(ApiFunction.RESULT_DOUBLE);
    static final MethodHandle RESULT_TEXT = handle(ApiFunction.RESULT_TEXT);
    static final MethodHandle RESULT_BLOB = handle(ApiFunction.RESULT_BLOB);
    static final MethodHandle RESULT_ERROR = handle(ApiFunction.RESULT_ERROR);
    static final MethodHandle RESULT_ERROR_CODE = handle(ApiFunction.RESULT_ERROR_CODE);
    static final MethodHandle RESULT_ERROR_NOMEM = handle(ApiFunction.RESULT_ERROR_NOMEM);
    static final MethodHandle VALUE_TYPE = handle(ApiFunction.VALUE_TYPE);
    static final MethodHandle VALUE_INT64 = handle(ApiFunction.VALUE_INT64);
    static final MethodHandle VALUE_DOUBLE = handle(ApiFunction.VALUE_DOUBLE);
    static final MethodHandle VALUE_TEXT = handle(ApiFunction.VALUE_TEXT);
    static final MethodHandle VALUE_BLOB = handle(ApiFunction.VALUE_BLOB);
    static final MethodHandle VALUE_BYTES = handle(ApiFunction.VALUE_BYTES);

    private Functions() {}
  }

  /** Connections and statements: used by native hosts and tests, not by sqlite-jdbc users. */
  private static final class Statements {
    static final MethodHandle OPEN_V2 = handle(ApiFunction.OPEN_V2);
    static final MethodHandle CLOSE_V2 = handle(ApiFunction.CLOSE_V2);
    static final MethodHandle EXEC = handle(ApiFunction.EXEC);
    static final MethodHandle PREPARE_V2 = handle(ApiFunction.PREPARE_V2);
    static final MethodHandle STEP = handle(ApiFunction.STEP);
    static final MethodHandle FINALIZE = handle(ApiFunction.FINALIZE);
    static final MethodHandle RESET = handle(ApiFunction.RESET);
    static final MethodHandle COLUMN_COUNT = handle(ApiFunction.COLUMN_COUNT);
    static final MethodHandle COLUMN_TYPE = handle(ApiFunction.COLUMN_TYPE);
    static final MethodHandle COLUMN_INT64 = handle(ApiFunction.COLUMN_INT64);
    static final MethodHandle COLUMN_DOUBLE = handle(ApiFunction.COLUMN_DOUBLE);
    static final MethodHandle COLUMN_TEXT = handle(ApiFunction.COLUMN_TEXT);
    static final MethodHandle COLUMN_BLOB = handle(ApiFunction.COLUMN_BLOB);
    static final MethodHandle COLUMN_BYTES = handle(ApiFunction.COLUMN_BYTES);
    static final MethodHandle COLUMN_NAME = handle(ApiFunction.COLUMN_NAME);
    static final MethodHandle BIND_INT64 = handle(ApiFunction.BIND_INT64);
    static final MethodHandle BIND_DOUBLE = handle(ApiFunction.BIND_DOUBLE);
    static final MethodHandle BIND_TEXT = handle(ApiFunction.BIND_TEXT);
    static final MethodHandle BIND_BLOB = handle(ApiFunction.BIND_BLOB);
    static final MethodHandle BIND_NULL = handle(ApiFunction.BIND_NULL);
    static final MethodHandle ERRCODE = handle(ApiFunction.ERRCODE);
    static final MethodHandle EXTENDED_ERRCODE = handle(ApiFunction.EXTENDED_ERRCODE);
    static final MethodHandle EXTENDED_RESULT_CODES = handle(ApiFunction.EXTENDED_RESULT_CODES);
    static final MethodHandle BUSY_TIMEOUT = handle(ApiFunction.BUSY_TIMEOUT);
    static final MethodHandle CHANGES = handle(ApiFunction.CHANGES);

    private Statements() {}
  }

  private final String source;
  private final MemorySegment[] functions = new MemorySegment[ApiFunction.values().length];

  private SqliteApi(String source, Map<ApiFunction, MemorySegment> addresses) {
    this.source = source;
    for (ApiFunction function : ApiFunction.values()) {
      functions[function.ordinal()] = addresses.get(function);
    }
  }

  /**
   * Binds to the SQLite whose {@code sqlite3_api_routines} table is at {@code routines} (the {@code
   * pApi} a loadable extension receives). The table lives in the library's data segment as long as
   * the library stays loaded.
   *
   * @throws IllegalStateException if a slot is empty or the library is older than {@link
   *     #MIN_ROUTINES_TABLE_VERSION}
   */
  public static SqliteApi fromApiRoutines(MemorySegment routines, String description) {
    NativeAccess.requireEnabled();
    if (routines.address() == 0) {
      throw new IllegalArgumentException("the sqlite3_api_routines pointer is NULL");
    }
    long tableBytes = (long) (maxSlot() + 1) * ADDRESS.byteSize();
    MemorySegment table = routines.reinterpret(tableBytes);
    MemorySegment versionNumber = table.getAtIndex(ADDRESS, ApiFunction.LIBVERSION_NUMBER.slot());
    int version = call(() -> (int) Core.LIBVERSION_NUMBER.invokeExact(versionNumber));
    if (version < MIN_ROUTINES_TABLE_VERSION) {
      throw new IllegalStateException(
          "SQLite "
              + version
              + " is older than "
              + MIN_ROUTINES_TABLE_VERSION
              + ", the oldest whose sqlite3_api_routines layout this binding was checked against");
    }
    return resolve("routines table of " + description, f -> table.getAtIndex(ADDRESS, f.slot()));
  }

  /**
   * Binds to the SQLite exported by a shared library, e.g. {@code
   * /lib/x86_64-linux-gnu/libsqlite3.so.0} or the bare name {@code libsqlite3.so.0} (resolved like
   * {@code dlopen}). A library already loaded into the process (the host's copy, under LD_PRELOAD)
   * is found again, not loaded twice. The library stays loaded for the life of the process.
   *
   * @throws IllegalArgumentException if the library cannot be loaded
   * @throws IllegalStateException if it lacks one of the functions
   */
  public static SqliteApi fromLibrary(String pathOrName) {
    NativeAccess.requireEnabled();
    SymbolLookup lookup = SymbolLookup.libraryLookup(pathOrName, Arena.global());
    return resolve(
        pathOrName,
        f ->
            lookup
                .find(f.symbol())
                .orElseThrow(
                    () ->
                        new IllegalStateException(pathOrName + " does not export " + f.symbol())));
  }

  private static SqliteApi resolve(String source, Function<ApiFunction, MemorySegment> finder) {
    Map<ApiFunction, MemorySegment> addresses = new EnumMap<>(ApiFunction.class);
    for (ApiFunction function : ApiFunction.values()) {
      MemorySegment address = finder.apply(function);
      if (address.address() == 0) {
        throw new IllegalStateException(source + " has no " + function.symbol());
      }
      addresses.put(function, address);
    }
    return new SqliteApi(source, addresses);
  }

  private static int maxSlot() {
    int max = 0;
    for (ApiFunction function : ApiFunction.values()) {
      max = Math.max(max, function.slot());
    }
    return max;
  }

  private static MethodHandle handle(ApiFunction function) {
    return NativeAccess.LINKER.downcallHandle(function.descriptor());
  }

  private MemorySegment fn(ApiFunction function) {
    return functions[function.ordinal()];
  }

  /**
   * Where the functions came from (a library path, or the routines table of a class loader's
   * sqlite-jdbc).
   */
  public String source() {
    return source;
  }

  /**
   * Identifies the loaded copy of SQLite: the address of its {@code sqlite3_libversion}. Two
   * instances with the same identity call the same library, whichever way they were bound.
   */
  public long identity() {
    return fn(LIBVERSION).address();
  }

  @Override
  public String toString() {
    return "SqliteApi[" + source + "]";
  }

  // --- Version, memory, errors
  // --------------------------------------------------------------------------------

  public String libversion() {
    return NativeAccess.readCString(
        call(() -> (MemorySegment) Core.LIBVERSION.invokeExact(fn(LIBVERSION))));
  }

  public int libversionNumber() {
    return call(() -> (int) Core.LIBVERSION_NUMBER.invokeExact(fn(LIBVERSION_NUMBER)));
  }

  /** {@code sqlite3_malloc}: memory SQLite may free. Returns NULL when out of memory. */
  public MemorySegment malloc(int bytes) {
    return call(() -> (MemorySegment) Core.MALLOC.invokeExact(fn(MALLOC), bytes));
  }

  public void free(MemorySegment pointer) {
    callVoid(
        () -> {
          Core.FREE.invokeExact(fn(FREE), pointer);
        });
  }

  /**
   * A NUL-terminated UTF-8 copy of {@code value} in {@code sqlite3_malloc}'ed memory, or NULL when
   * out of memory.
   */
  public MemorySegment mallocString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    MemorySegment target = malloc(bytes.length + 1);
    if (target.address() != 0) {
      MemorySegment sized = target.reinterpret(bytes.length + 1);
      MemorySegment.copy(bytes, 0, sized, JAVA_BYTE, 0, bytes.length);
      sized.set(JAVA_BYTE, bytes.length, (byte) 0);
    }
    return target;
  }

  public String errmsg(MemorySegment db) {
    return NativeAccess.readCString(
        call(() -> (MemorySegment) Core.ERRMSG.invokeExact(fn(ERRMSG), db)));
  }

  public int errcode(MemorySegment db) {
    return call(() -> (int) Statements.ERRCODE.invokeExact(fn(ERRCODE), db));
  }

  public int extendedErrcode(MemorySegment db) {
    return call(() -> (int) Statements.EXTENDED_ERRCODE.invokeExact(fn(EXTENDED_ERRCODE), db));
  }

  /** SQLite's English text for a result code. */
  public String errstr(int resultCode) {
    return NativeAccess.readCString(
        call(() -> (MemorySegment) Core.ERRSTR.invokeExact(fn(ERRSTR), resultCode)));
  }

  // --- VFS
  // -----------------------------------------------------------------------------------------------------

  /**
   * {@code sqlite3_vfs_find}: the VFS named {@code nameOrNull}, the default one for {@code null},
   * or NULL.
   */
  public MemorySegment vfsFind(String nameOrNull) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = nameOrNull == null ? MemorySegment.NULL : arena.allocateFrom(nameOrNull);
      return call(() -> (MemorySegment) Core.VFS_FIND.invokeExact(fn(VFS_FIND), name));
    }
  }

  public int vfsRegister(MemorySegment vfs, boolean makeDefault) {
    int flag = makeDefault ? 1 : 0;
    return call(() -> (int) Core.VFS_REGISTER.invokeExact(fn(VFS_REGISTER), vfs, flag));
  }

  public int vfsUnregister(MemorySegment vfs) {
    return call(() -> (int) Core.VFS_UNREGISTER.invokeExact(fn(VFS_UNREGISTER), vfs));
  }

  /** {@code sqlite3_file_control(db, schema, op, arg)}. */
  public int fileControl(MemorySegment db, String schema, int op, MemorySegment arg) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = arena.allocateFrom(schema);
      return call(() -> (int) Core.FILE_CONTROL.invokeExact(fn(FILE_CONTROL), db, name, op, arg));
    }
  }

  /**
   * {@code sqlite3_uri_key(zFilename, n)}: the name of the {@code n}th URI parameter (0-based) of a
   * database file name that SQLite passed to {@code xOpen}, or {@code null} past the last one. Only
   * valid for main database names given to {@code xOpen} (SQLite's layout with the parameters after
   * the name).
   */
  public String uriKey(MemorySegment filename, int n) {
    return NativeAccess.readCString(
        call(() -> (MemorySegment) Uris.URI_KEY.invokeExact(fn(URI_KEY), filename, n)));
  }

  /**
   * {@code sqlite3_uri_parameter(zFilename, key)}: the value of URI parameter {@code key}, or
   * {@code null}.
   */
  public String uriParameter(MemorySegment filename, String key) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cKey = arena.allocateFrom(key);
      return NativeAccess.readCString(
          call(
              () ->
                  (MemorySegment)
                      Uris.URI_PARAMETER.invokeExact(fn(URI_PARAMETER), filename, cKey)));
    }
  }

  // --- Functions and extensions
  // ------------------------------------------------------------------------------

  public int createFunctionV2(
      MemorySegment db,
      String name,
      int nArg,
      int eTextRep,
      MemorySegment pApp,
      MemorySegment xFunc,
      MemorySegment xStep,
      MemorySegment xFinal,
      MemorySegment xDestroy) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cName = arena.allocateFrom(name);
      return call(
          () ->
              (int)
                  Functions.CREATE_FUNCTION_V2.invokeExact(
                      fn(CREATE_FUNCTION_V2),
                      db,
                      cName,
                      nArg,
                      eTextRep,
                      pApp,
                      xFunc,
                      xStep,
                      xFinal,
                      xDestroy));
    }
  }

  public int autoExtension(MemorySegment entryPoint) {
    return call(() -> (int) Functions.AUTO_EXTENSION.invokeExact(fn(AUTO_EXTENSION), entryPoint));
  }

  /**
   * @return 1 if the entry point was registered and is now removed, 0 if it was not registered
   */
  public int cancelAutoExtension(MemorySegment entryPoint) {
    return call(
        () ->
            (int)
                Functions.CANCEL_AUTO_EXTENSION.invokeExact(fn(CANCEL_AUTO_EXTENSION), entryPoint));
  }

  public MemorySegment contextDbHandle(MemorySegment context) {
    return call(
        () ->
            (MemorySegment)
                Functions.CONTEXT_DB_HANDLE.invokeExact(fn(CONTEXT_DB_HANDLE), context));
  }

  public MemorySegment userData(MemorySegment context) {
    return call(() -> (MemorySegment) Functions.USER_DATA.invokeExact(fn(USER_DATA), context));
  }

  public void resultNull(MemorySegment context) {
    callVoid(
        () -> {
          Functions.RESULT_NULL.invokeExact(fn(RESULT_NULL), context);
        });
  }

  public void resultInt64(MemorySegment context, long value) {
    callVoid(
        () -> {
          Functions.RESULT_INT64.invokeExact(fn(RESULT_INT64), context, value);
        });
  }

  public void resultDouble(MemorySegment context, double value) {
    callVoid(
        () -> {
          Functions.RESULT_DOUBLE.invokeExact(fn(RESULT_DOUBLE), context, value);
        });
  }

  /** Sets a text result; SQLite copies it ({@code SQLITE_TRANSIENT}). */
  public void resultText(MemorySegment context, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      // Never NULL, even for "": a NULL pointer would make the result SQL NULL.
      MemorySegment text = arena.allocate(bytes.length + 1L);
      MemorySegment.copy(bytes, 0, text, JAVA_BYTE, 0, bytes.length);
      int length = bytes.length;
      callVoid(
          () -> {
            Functions.RESULT_TEXT.invokeExact(fn(RESULT_TEXT), context, text, length, TRANSIENT);
          });
    }
  }

  /** Sets a blob result; SQLite copies it ({@code SQLITE_TRANSIENT}). */
  public void resultBlob(MemorySegment context, byte[] value) {
    try (Arena arena = Arena.ofConfined()) {
      // Never NULL, even for an empty blob: a NULL pointer would make the result SQL NULL.
      MemorySegment blob = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, blob, JAVA_BYTE, 0, value.length);
      int length = value.length;
      callVoid(
          () -> {
            Functions.RESULT_BLOB.invokeExact(fn(RESULT_BLOB), context, blob, length, TRANSIENT);
          });
    }
  }

  /** Makes the function fail with {@code message} (SQLite copies it) and {@code SQLITE_ERROR}. */
  public void resultError(MemorySegment context, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocate(bytes.length + 1L);
      MemorySegment.copy(bytes, 0, text, JAVA_BYTE, 0, bytes.length);
      int length = bytes.length;
      callVoid(
          () -> {
            Functions.RESULT_ERROR.invokeExact(fn(RESULT_ERROR), context, text, length);
          });
    }
  }

  /**
   * Sets the error code of a failing function; call after {@link #resultError} to keep its message.
   */
  public void resultErrorCode(MemorySegment context, int resultCode) {
    callVoid(
        () -> {
          Functions.RESULT_ERROR_CODE.invokeExact(fn(RESULT_ERROR_CODE), context, resultCode);
        });
  }

  public void resultErrorNomem(MemorySegment context) {
    callVoid(
        () -> {
          Functions.RESULT_ERROR_NOMEM.invokeExact(fn(RESULT_ERROR_NOMEM), context);
        });
  }

  public int valueType(MemorySegment value) {
    return call(() -> (int) Functions.VALUE_TYPE.invokeExact(fn(VALUE_TYPE), value));
  }

  public long valueInt64(MemorySegment value) {
    return call(() -> (long) Functions.VALUE_INT64.invokeExact(fn(VALUE_INT64), value));
  }

  public double valueDouble(MemorySegment value) {
    return call(() -> (double) Functions.VALUE_DOUBLE.invokeExact(fn(VALUE_DOUBLE), value));
  }

  /**
   * The value as UTF-8 text (SQLite converts numbers), embedded NULs included; {@code null} for SQL
   * NULL.
   */
  public String valueText(MemorySegment value) {
    MemorySegment text =
        call(() -> (MemorySegment) Functions.VALUE_TEXT.invokeExact(fn(VALUE_TEXT), value));
    if (text.address() == 0) {
      return null;
    }
    int length = valueBytes(value); // after value_text, as SQLite requires
    return new String(text.reinterpret(length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
  }

  /** The value as bytes; an empty array for a zero-length blob. */
  public byte[] valueBlob(MemorySegment value) {
    MemorySegment blob =
        call(() -> (MemorySegment) Functions.VALUE_BLOB.invokeExact(fn(VALUE_BLOB), value));
    int length = valueBytes(value); // after value_blob, as SQLite requires
    if (blob.address() == 0 || length == 0) {
      return new byte[0];
    }
    return blob.reinterpret(length).toArray(JAVA_BYTE);
  }

  public int valueBytes(MemorySegment value) {
    return call(() -> (int) Functions.VALUE_BYTES.invokeExact(fn(VALUE_BYTES), value));
  }

  // --- Connections and statements (native hosts and tests)
  // --------------------------------------------------

  /**
   * {@code sqlite3_open_v2}. On failure the half-open handle is closed.
   *
   * @param vfsName the VFS to use, or {@code null} for the default one
   * @return the {@code sqlite3*}; close it with {@link #closeV2}
   * @throws SqliteCallException with SQLite's code and message if the open fails
   */
  public MemorySegment openV2(String filename, int flags, String vfsName) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ADDRESS);
      MemorySegment cName = arena.allocateFrom(filename);
      MemorySegment cVfs = vfsName == null ? MemorySegment.NULL : arena.allocateFrom(vfsName);
      int rc =
          call(() -> (int) Statements.OPEN_V2.invokeExact(fn(OPEN_V2), cName, out, flags, cVfs));
      MemorySegment db = out.get(ADDRESS, 0);
      if (rc != SQLITE_OK) {
        String message = db.address() == 0 ? errstr(rc) : errmsg(db);
        int code = db.address() == 0 ? rc : extendedErrcode(db);
        if (db.address() != 0) {
          closeV2(db);
        }
        throw new SqliteCallException("sqlite3_open_v2", code, message);
      }
      return db;
    }
  }

  public int closeV2(MemorySegment db) {
    return call(() -> (int) Statements.CLOSE_V2.invokeExact(fn(CLOSE_V2), db));
  }

  /**
   * {@code sqlite3_exec} without a callback: runs every statement of {@code sql}.
   *
   * @throws SqliteCallException with the extended code and SQLite's message on failure
   */
  public void exec(MemorySegment db, String sql) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cSql = arena.allocateFrom(sql);
      MemorySegment errOut = arena.allocate(ADDRESS);
      MemorySegment none = MemorySegment.NULL;
      int rc =
          call(() -> (int) Statements.EXEC.invokeExact(fn(EXEC), db, cSql, none, none, errOut));
      if (rc != SQLITE_OK) {
        MemorySegment err = errOut.get(ADDRESS, 0);
        String message = err.address() == 0 ? errstr(rc) : NativeAccess.readCString(err);
        free(err);
        throw new SqliteCallException("sqlite3_exec", extendedErrcode(db), message);
      }
    }
  }

  /**
   * {@code sqlite3_prepare_v2} of the first statement in {@code sql}.
   *
   * @return the {@code sqlite3_stmt*} (NULL for an empty statement); release it with {@link
   *     #finalizeStatement}
   * @throws SqliteCallException on failure
   */
  public MemorySegment prepareV2(MemorySegment db, String sql) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cSql = arena.allocateFrom(sql);
      MemorySegment out = arena.allocate(ADDRESS);
      MemorySegment noTail = MemorySegment.NULL;
      int rc =
          call(
              () ->
                  (int)
                      Statements.PREPARE_V2.invokeExact(fn(PREPARE_V2), db, cSql, -1, out, noTail));
      if (rc != SQLITE_OK) {
        throw new SqliteCallException("sqlite3_prepare_v2", extendedErrcode(db), errmsg(db));
      }
      return out.get(ADDRESS, 0);
    }
  }

  /** {@code sqlite3_step}: {@code SQLITE_ROW}, {@code SQLITE_DONE} or an error code. */
  public int step(MemorySegment stmt) {
    return call(() -> (int) Statements.STEP.invokeExact(fn(STEP), stmt));
  }

  /** {@code sqlite3_finalize} (named so as not to clash with {@code Object.finalize}). */
  public int finalizeStatement(MemorySegment stmt) {
    return call(() -> (int) Statements.FINALIZE.invokeExact(fn(FINALIZE), stmt));
  }

  public int reset(MemorySegment stmt) {
    return call(() -> (int) Statements.RESET.invokeExact(fn(RESET), stmt));
  }

  public int columnCount(MemorySegment stmt) {
    return call(() -> (int) Statements.COLUMN_COUNT.invokeExact(fn(COLUMN_COUNT), stmt));
  }

  public int columnType(MemorySegment stmt, int column) {
    return call(() -> (int) Statements.COLUMN_TYPE.invokeExact(fn(COLUMN_TYPE), stmt, column));
  }

  public long columnInt64(MemorySegment stmt, int column) {
    return call(() -> (long) Statements.COLUMN_INT64.invokeExact(fn(COLUMN_INT64), stmt, column));
  }

  public double columnDouble(MemorySegment stmt, int column) {
    return call(
        () -> (double) Statements.COLUMN_DOUBLE.invokeExact(fn(COLUMN_DOUBLE), stmt, column));
  }

  /** The column as UTF-8 text, or {@code null} for SQL NULL. */
  public String columnText(MemorySegment stmt, int column) {
    MemorySegment text =
        call(
            () ->
                (MemorySegment) Statements.COLUMN_TEXT.invokeExact(fn(COLUMN_TEXT), stmt, column));
    if (text.address() == 0) {
      return null;
    }
    int length = columnBytes(stmt, column);
    return new String(text.reinterpret(length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
  }

  public byte[] columnBlob(MemorySegment stmt, int column) {
    MemorySegment blob =
        call(
            () ->
                (MemorySegment) Statements.COLUMN_BLOB.invokeExact(fn(COLUMN_BLOB), stmt, column));
    int length = columnBytes(stmt, column);
    if (blob.address() == 0 || length == 0) {
      return new byte[0];
    }
    return blob.reinterpret(length).toArray(JAVA_BYTE);
  }

  public int columnBytes(MemorySegment stmt, int column) {
    return call(() -> (int) Statements.COLUMN_BYTES.invokeExact(fn(COLUMN_BYTES), stmt, column));
  }

  public String columnName(MemorySegment stmt, int column) {
    return NativeAccess.readCString(
        call(
            () ->
                (MemorySegment) Statements.COLUMN_NAME.invokeExact(fn(COLUMN_NAME), stmt, column)));
  }

  public int bindInt64(MemorySegment stmt, int index, long value) {
    return call(() -> (int) Statements.BIND_INT64.invokeExact(fn(BIND_INT64), stmt, index, value));
  }

  public int bindDouble(MemorySegment stmt, int index, double value) {
    return call(
        () -> (int) Statements.BIND_DOUBLE.invokeExact(fn(BIND_DOUBLE), stmt, index, value));
  }

  /** Binds text; SQLite copies it ({@code SQLITE_TRANSIENT}). */
  public int bindText(MemorySegment stmt, int index, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocate(bytes.length + 1L);
      MemorySegment.copy(bytes, 0, text, JAVA_BYTE, 0, bytes.length);
      int length = bytes.length;
      return call(
          () ->
              (int)
                  Statements.BIND_TEXT.invokeExact(
                      fn(BIND_TEXT), stmt, index, text, length, TRANSIENT));
    }
  }

  /** Binds a blob; SQLite copies it ({@code SQLITE_TRANSIENT}). */
  public int bindBlob(MemorySegment stmt, int index, byte[] value) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment blob = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, blob, JAVA_BYTE, 0, value.length);
      int length = value.length;
      return call(
          () ->
              (int)
                  Statements.BIND_BLOB.invokeExact(
                      fn(BIND_BLOB), stmt, index, blob, length, TRANSIENT));
    }
  }

  public int bindNull(MemorySegment stmt, int index) {
    return call(() -> (int) Statements.BIND_NULL.invokeExact(fn(BIND_NULL), stmt, index));
  }

  public int extendedResultCodes(MemorySegment db, boolean enabled) {
    int onOff = enabled ? 1 : 0;
    return call(
        () ->
            (int)
                Statements.EXTENDED_RESULT_CODES.invokeExact(fn(EXTENDED_RESULT_CODES), db, onOff));
  }

  public int busyTimeout(MemorySegment db, int millis) {
    return call(() -> (int) Statements.BUSY_TIMEOUT.invokeExact(fn(BUSY_TIMEOUT), db, millis));
  }

  /** Rows changed by the last INSERT, UPDATE or DELETE on {@code db}. */
  public int changes(MemorySegment db) {
    return call(() -> (int) Statements.CHANGES.invokeExact(fn(CHANGES), db));
  }

  /**
   * {@code sqlite3_get_autocommit(db)}: true when {@code db} is in autocommit mode, i.e. no
   * transaction was opened with {@code BEGIN} (or {@code SAVEPOINT}) and not yet ended.
   */
  public boolean getAutocommit(MemorySegment db) {
    return call(() -> (int) Transactions.GET_AUTOCOMMIT.invokeExact(fn(GET_AUTOCOMMIT), db)) != 0;
  }

  /**
   * {@code sqlite3_stmt_busy(stmt)}: true when {@code stmt} has been stepped and is neither
   * finished nor reset, i.e. the next step continues an execution instead of starting one (the
   * drop-in autocommit retry only re-runs a statement whose failed step started it).
   */
  public boolean stmtBusy(MemorySegment stmt) {
    return call(() -> (int) Transactions.STMT_BUSY.invokeExact(fn(STMT_BUSY), stmt)) != 0;
  }

  /**
   * {@code sqlite3_txn_state(db, NULL)}: the highest transaction state of any schema of {@code db}:
   * {@code SQLITE_TXN_NONE} (0), {@code SQLITE_TXN_READ} (1) or {@code SQLITE_TXN_WRITE} (2).
   */
  public int txnState(MemorySegment db) {
    MemorySegment allSchemas = MemorySegment.NULL;
    return call(() -> (int) Transactions.TXN_STATE.invokeExact(fn(TXN_STATE), db, allSchemas));
  }

  // --- invokeExact plumbing
  // ---------------------------------------------------------------------------------

  /**
   * A downcall; {@code invokeExact} declares Throwable but a well-typed downcall throws nothing
   * checked.
   */
  @FunctionalInterface
  private interface Downcall<T> {
    T invoke() throws Throwable;
  }

  @FunctionalInterface
  private interface VoidDowncall {
    void invoke() throws Throwable;
  }

  private static <T> T call(Downcall<T> downcall) {
    try {
      return downcall.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("downcall failed", t);
    }
  }

  private static void callVoid(VoidDowncall downcall) {
    try {
      downcall.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("downcall failed", t);
    }
  }
}
