package io.mvsqlite.client.sqlite;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_DONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FCNTL_FILE_POINTER;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_MAIN_DB;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_ROW;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mvsqlite.client.sqlite.OpenFiles.OpenFile;
import io.mvsqlite.client.vfs.VirtualFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Java {@link VirtualFile} behind a schema of a connection: what mvSQLite's SQL functions
 * do with their first argument ({@code 'main'}, an {@code ATTACH} alias), reference client §9.
 *
 * <p>It asks SQLite for the schema's {@code sqlite3_file} with {@code SQLITE_FCNTL_FILE_POINTER}
 * (answered by SQLite itself, never by the VFS), checks that its {@code pMethods} is the binding's
 * {@code sqlite3_io_methods}, and looks the handle id up.
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
public final class FileHandles {

  private FileHandles() {}

  /** What a schema name of a connection designates, as far as the Java VFSes can tell. */
  public sealed interface SchemaFile permits JavaMainFile, OtherFile, NoSuchSchema {}

  /** The schema's main database file, opened by a Java VFS. */
  public record JavaMainFile(VirtualFile file) implements SchemaFile {}

  /**
   * The schema exists, but its file is not a main database file of a Java VFS: {@code 'temp'}, a
   * database of a native VFS, or a schema whose file is not open yet.
   */
  public record OtherFile() implements SchemaFile {}

  /** The connection has no database of that name. */
  public record NoSuchSchema() implements SchemaFile {}

  /**
   * The main database file of {@code schema} on {@code db}, if a Java VFS opened it.
   *
   * @return empty if the schema does not exist, is not open yet, is not a main database file
   *     ({@code 'temp'} is a temp database), or belongs to a native VFS
   */
  public static Optional<VirtualFile> fileFor(DbHandle db, String schema) {
    return lookup(db, schema) instanceof JavaMainFile found
        ? Optional.of(found.file())
        : Optional.empty();
  }

  /**
   * What {@code schema} designates on {@code db}: call it on the thread that uses the connection.
   */
  public static SchemaFile lookup(DbHandle db, String schema) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ADDRESS);
      out.set(ADDRESS, 0, MemorySegment.NULL);
      if (db.api().fileControl(db.segment(), schema, SQLITE_FCNTL_FILE_POINTER, out) != SQLITE_OK) {
        return new NoSuchSchema();
      }
      MemorySegment file = out.get(ADDRESS, 0);
      if (file.address() == 0) {
        return new OtherFile();
      }
      // Every sqlite3_file starts with pMethods; only ours is known to be at least
      // Layouts.File.SIZE bytes.
      MemorySegment methods =
          file.reinterpret(ADDRESS.byteSize()).get(ADDRESS, Layouts.File.P_METHODS);
      if (methods.address() != IoUpcalls.methods().address()) {
        return new OtherFile();
      }
      OpenFile open =
          OpenFiles.get(file.reinterpret(Layouts.File.SIZE).get(JAVA_LONG, Layouts.File.HANDLE_ID));
      if (open == null || (open.openFlags() & SQLITE_OPEN_MAIN_DB) == 0) {
        return new OtherFile();
      }
      return new JavaMainFile(open.file());
    }
  }

  /**
   * The schema names of {@code db}'s databases ({@code main}, {@code temp} if open, the ATTACH
   * aliases), in SQLite's order, through {@code PRAGMA database_list} on the same connection
   * (allowed inside a SQL function: it takes no lock). Call it on the thread that uses the
   * connection.
   *
   * @throws SqliteCallException if SQLite refuses the statement
   */
  public static List<String> schemaNames(DbHandle db) {
    SqliteApi api = db.api();
    MemorySegment stmt = api.prepareV2(db.segment(), "PRAGMA database_list");
    List<String> names = new ArrayList<>();
    try {
      int rc;
      while ((rc = api.step(stmt)) == SQLITE_ROW) {
        names.add(api.columnText(stmt, 1));
      }
      if (rc != SQLITE_DONE) {
        throw new SqliteCallException("sqlite3_step", rc, api.errmsg(db.segment()));
      }
    } finally {
      api.finalizeStatement(stmt);
    }
    return names;
  }
}
