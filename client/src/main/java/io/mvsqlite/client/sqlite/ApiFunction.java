package io.mvsqlite.client.sqlite;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.util.Locale;

/**
 * The SQLite C functions the binding calls, each with its slot in {@code sqlite3_api_routines} and
 * its C signature.
 *
 * <p>The slot is the member's index in {@code struct sqlite3_api_routines} of {@code sqlite3ext.h}
 * (byte offset / 8 on LP64). The numbers were derived from SQLite 3.40.1's header with {@code
 * offsetof}; {@code ApiFunctionSlotsTest} re-derives them from the header installed on the build
 * machine. The struct only ever grows at its end, so a slot never moves; every slot used here
 * exists since well before 3.40, the oldest library {@link SqliteApi} accepts from a routines
 * table.
 *
 * <p>C types map as: pointer → {@code ADDRESS}, {@code int} → {@code JAVA_INT}, {@code
 * sqlite3_int64} → {@code JAVA_LONG}, {@code double} → {@code JAVA_DOUBLE}.
 */
enum ApiFunction {
  LIBVERSION(66, FunctionDescriptor.of(ADDRESS)),
  LIBVERSION_NUMBER(67, FunctionDescriptor.of(JAVA_INT)),
  MALLOC(68, FunctionDescriptor.of(ADDRESS, JAVA_INT)),
  FREE(58, FunctionDescriptor.ofVoid(ADDRESS)),
  VFS_FIND(141, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  VFS_REGISTER(142, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  VFS_UNREGISTER(143, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  CREATE_FUNCTION_V2(
      162,
      FunctionDescriptor.of(
          JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
          ADDRESS)),
  AUTO_EXTENSION(192, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  CANCEL_AUTO_EXTENSION(195, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  FILE_CONTROL(127, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS)),
  URI_PARAMETER(189, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
  URI_KEY(245, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
  CONTEXT_DB_HANDLE(149, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  USER_DATA(101, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  RESULT_NULL(84, FunctionDescriptor.ofVoid(ADDRESS)),
  RESULT_INT64(83, FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG)),
  RESULT_DOUBLE(79, FunctionDescriptor.ofVoid(ADDRESS, JAVA_DOUBLE)),
  RESULT_TEXT(85, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, ADDRESS)),
  RESULT_BLOB(78, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, ADDRESS)),
  RESULT_ERROR(80, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT)),
  RESULT_ERROR_CODE(146, FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT)),
  RESULT_ERROR_NOMEM(137, FunctionDescriptor.ofVoid(ADDRESS)),
  VALUE_TYPE(113, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  VALUE_INT64(107, FunctionDescriptor.of(JAVA_LONG, ADDRESS)),
  VALUE_DOUBLE(105, FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS)),
  VALUE_TEXT(109, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  VALUE_BLOB(102, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  VALUE_BYTES(103, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  OPEN_V2(135, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS)),
  CLOSE_V2(179, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  EXEC(55, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
  PREPARE_V2(116, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
  STEP(94, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  FINALIZE(57, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  RESET(77, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  COLUMN_COUNT(22, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  COLUMN_TYPE(38, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  COLUMN_INT64(29, FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT)),
  COLUMN_DOUBLE(27, FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_INT)),
  COLUMN_TEXT(36, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
  COLUMN_BLOB(19, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
  COLUMN_BYTES(20, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  COLUMN_NAME(30, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
  BIND_INT64(5, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG)),
  BIND_DOUBLE(3, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE)),
  BIND_TEXT(10, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
  BIND_BLOB(2, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
  BIND_NULL(6, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  ERRMSG(53, FunctionDescriptor.of(ADDRESS, ADDRESS)),
  ERRCODE(52, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  EXTENDED_ERRCODE(166, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  ERRSTR(183, FunctionDescriptor.of(ADDRESS, JAVA_INT)),
  EXTENDED_RESULT_CODES(150, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  BUSY_TIMEOUT(14, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
  CHANGES(15, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  GET_AUTOCOMMIT(60, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  STMT_BUSY(184, FunctionDescriptor.of(JAVA_INT, ADDRESS)),
  TXN_STATE(252, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

  private final int slot;
  private final FunctionDescriptor descriptor;

  ApiFunction(int slot, FunctionDescriptor descriptor) {
    this.slot = slot;
    this.descriptor = descriptor;
  }

  /** Index of the function pointer in {@code sqlite3_api_routines}. */
  int slot() {
    return slot;
  }

  /** The C signature. */
  FunctionDescriptor descriptor() {
    return descriptor;
  }

  /** The exported C symbol, e.g. {@code sqlite3_vfs_register}. */
  String symbol() {
    return "sqlite3_" + memberName();
  }

  /** The member name in {@code sqlite3_api_routines}, e.g. {@code vfs_register}. */
  String memberName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
