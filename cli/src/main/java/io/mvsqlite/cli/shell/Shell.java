package io.mvsqlite.cli.shell;

import io.mvsqlite.cli.CliContext;
import io.mvsqlite.cli.Errors;
import io.mvsqlite.cli.NamespaceName;
import io.mvsqlite.cli.SqlConnections;
import io.mvsqlite.cli.StoreAccess;
import io.mvsqlite.client.sqlite.VfsRegistration;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.SqliteCodes;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteException;

/**
 * A shell session: reads lines from a {@link LineSource}, runs dot-commands ({@link DotCommands})
 * and complete SQL statements ({@link StatementScanner}) against the open {@link ShellDatabase},
 * and prints results ({@link ResultPrinter}) and errors.
 *
 * <p><b>Errors</b> print {@code Error: <message>} on standard error — in scripts {@code Error: near
 * line N: ...} — followed by the SQLite result code, and where mvSQLite knows more (a conflict, a
 * missing namespace, a server failure) its {@link ErrorCode} and SQLSTATE. The session goes on, as
 * in sqlite3; a script stops at its first error only when bail is on ({@code --bail}, {@code .bail
 * on}). The exit code follows sqlite3: 1 if any statement or command failed, else 0 ({@code .exit
 * N} sets it).
 *
 * <p>Not thread-safe: one session, one thread.
 */
final class Shell implements AutoCloseable {

  /** How processing of an input ended. */
  enum Flow {
    /** The input ended. */
    CONTINUE,
    /** A script stopped at an error (bail). */
    STOP,
    /** {@code .quit} or {@code .exit}. */
    QUIT
  }

  /**
   * sqlite-jdbc's messages: {@code [SQLITE_ERROR] SQL error or missing database (no such table:
   * t)}.
   */
  private static final Pattern JDBC_MESSAGE =
      Pattern.compile("^\\[(SQLITE_[A-Z_]+)\\]\\s*(.*?)(?:\\s*\\((.*)\\))?\\s*$", Pattern.DOTALL);

  /**
   * An ErrorCode name as mvSQLite's VFS messages carry it: {@code ...failed: NAMESPACE_NOT_FOUND:
   * ...}.
   */
  private static final Pattern CODE_IN_MESSAGE = Pattern.compile("\\b([A-Z][A-Z_]{2,}): ");

  /**
   * The mvSQLite driver's messages: {@code <mvSQLite's message> [<sqlite-jdbc's message>]<note>}.
   */
  private static final Pattern DRIVER_MESSAGE =
      Pattern.compile("^(.*?) \\[(\\[SQLITE_[A-Z_]+\\][^\\[]*?)\\](.*)$", Pattern.DOTALL);

  /** The SQLSTATE that says nothing ("general error"): not shown. */
  private static final String GENERIC_SQLSTATE = "HY000";

  final CliContext ctx;
  final StoreAccess store;
  final ShellSettings settings;
  final PrintStream out;
  final PrintStream err;
  private final ResultPrinter printer;
  private final DotCommands dots;
  private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
  private ShellDatabase db;
  private int errors;
  private Integer exitCode;

  Shell(CliContext ctx, StoreAccess store, ShellSettings settings) {
    this.ctx = ctx;
    this.store = store;
    this.settings = settings;
    this.out = ctx.out();
    this.err = ctx.err();
    this.printer = new ResultPrinter(out, settings);
    this.dots = new DotCommands(this);
  }

  /** Opens {@code name}, closing the namespace open before (if the new one opens). */
  void open(NamespaceName name) {
    ShellDatabase next = ShellDatabase.open(ctx, store, name);
    if (db != null) {
      db.close();
    }
    db = next;
  }

  ShellDatabase database() {
    return db;
  }

  /** The exit code of the session so far. */
  int exitCode() {
    return exitCode != null ? exitCode : errors > 0 ? 1 : 0;
  }

  void exitWith(int code) {
    exitCode = code;
  }

  /** Counts a failed command (the caller printed why). */
  void failed() {
    errors++;
  }

  /**
   * Reads {@code source} to its end (or to {@code .quit}, or to its first error when it is a script
   * and bail is on).
   *
   * @param sourceName the file being read, for error locations; {@code null} for standard input and
   *     arguments
   */
  Flow process(LineSource source, String sourceName) {
    StatementScanner scanner = new StatementScanner();
    int lineNumber = 0;
    while (true) {
      LineSource.Input input = source.next(!scanner.isEmpty());
      switch (input) {
        case LineSource.End end -> {
          StatementScanner.Statement rest = scanner.drain();
          if (rest != null && !run(rest, source, sourceName) && stops(source)) {
            return Flow.STOP;
          }
          return Flow.CONTINUE;
        }
        case LineSource.Interrupt interrupt -> scanner.reset();
        case LineSource.Line line -> {
          lineNumber++;
          String text = line.text();
          String trimmed = text.strip();
          if (scanner.isEmpty() && trimmed.startsWith(".")) {
            Flow flow =
                switch (dots.run(trimmed, source)) {
                  case OK -> Flow.CONTINUE;
                  case FAILED -> {
                    failed();
                    yield stops(source) ? Flow.STOP : Flow.CONTINUE;
                  }
                  case STOP -> Flow.STOP;
                  case QUIT -> Flow.QUIT;
                };
            if (flow != Flow.CONTINUE) {
              return flow;
            }
            continue;
          }
          if (scanner.isEmpty() && trimmed.startsWith("#")) {
            continue;
          }
          for (StatementScanner.Statement s : scanner.addLine(text, lineNumber)) {
            if (!run(s, source, sourceName) && stops(source)) {
              return Flow.STOP;
            }
          }
        }
      }
    }
  }

  private boolean stops(LineSource source) {
    return !source.interactive() && settings.bail;
  }

  /** Runs one statement and prints its rows; on failure prints the error and counts it. */
  private boolean run(StatementScanner.Statement statement, LineSource source, String sourceName) {
    long startNanos = System.nanoTime();
    long startCpu = cpu.getCurrentThreadCpuTime();
    long startUser = cpu.getCurrentThreadUserTime();
    Optional<VfsRegistration.VfsError> vfsBefore = SqlConnections.lastVfsError();
    // Prepared, so the column count says whether rows come back: executeQuery for those, execute
    // for the rest (no
    // reliance on execute() + getResultSet(), which wrapping drivers handle differently).
    try (PreparedStatement st = db.connection().prepareStatement(statement.sql())) {
      if (columnCount(st) > 0) {
        try (ResultSet rs = st.executeQuery()) {
          printer.print(rs);
        }
      } else {
        st.execute();
      }
      return true;
    } catch (SQLException e) {
      Optional<VfsRegistration.VfsError> vfs =
          SqlConnections.lastVfsError()
              .filter(after -> vfsBefore.isEmpty() || after != vfsBefore.get());
      String where =
          source.interactive()
              ? ""
              : "near line "
                  + statement.line()
                  + (sourceName == null ? "" : " of " + sourceName)
                  + ": ";
      out.flush();
      err.println("Error: " + where + describe(e, vfs) + pinnedHint(e));
      failed();
      return false;
    } finally {
      if (settings.timer) {
        double real = (System.nanoTime() - startNanos) / 1e9;
        double user = (cpu.getCurrentThreadUserTime() - startUser) / 1e9;
        double sys = Math.max(0, (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9 - user);
        out.printf(Locale.ROOT, "Run Time: real %.3f user %.6f sys %.6f%n", real, user, sys);
      }
      out.flush();
    }
  }

  /**
   * For a write refused on a pinned session: why, and what to open instead (SQLite only says
   * "readonly").
   */
  private String pinnedHint(SQLException e) {
    SQLiteException sqlite = sqliteCause(e);
    boolean readOnly =
        "25006".equals(e.getSQLState())
            || (sqlite != null
                && sqlite.getResultCode() != null
                && sqlite.getResultCode().name().startsWith("SQLITE_READONLY"));
    if (!readOnly || db.name().pin() == null) {
      return "";
    }
    return ". '"
        + db.name().text()
        + "' is the database as it was at that version, read-only; open '"
        + db.name().unpinned()
        + "' to write";
  }

  /**
   * The columns a prepared statement returns; sqlite-jdbc throws instead of answering 0 for
   * statements without.
   */
  private static int columnCount(PreparedStatement st) {
    try {
      return st.getMetaData().getColumnCount();
    } catch (SQLException e) {
      return 0;
    }
  }

  /**
   * The text of a failed statement: the failure's message, then in brackets SQLite's result code
   * and, where the failure came from mvSQLite (a conflict, a missing namespace, a server failure),
   * its {@link ErrorCode} and SQLSTATE. The mvSQLite JDBC driver's exceptions already carry
   * mvSQLite's message; for a plain sqlite-jdbc exception the VFS's message (which SQLite does not
   * show) is added.
   *
   * @param vfs the VFS failure recorded while the statement ran, if any
   */
  static String describe(SQLException e, Optional<VfsRegistration.VfsError> vfs) {
    SQLiteException sqlite = sqliteCause(e);
    String sqliteCode =
        sqlite != null && sqlite.getResultCode() != null ? sqlite.getResultCode().name() : null;
    String text;
    Matcher wrapped = DRIVER_MESSAGE.matcher(String.valueOf(e.getMessage()));
    if (wrapped.matches()) {
      text =
          wrapped.group(1) + " (SQLite: " + sqliteDetail(wrapped.group(2)) + ")" + wrapped.group(3);
    } else {
      text = sqliteDetail(String.valueOf(e.getMessage()));
      if (vfs.isPresent() && !text.contains(vfs.get().message())) {
        text = vfs.get().message() + " (SQLite: " + text + ")";
      }
    }
    MvException mv = Errors.mvCause(e);
    ErrorCode code = mv != null ? mv.code() : vfs.map(Shell::codeOf).orElse(null);
    String state = e.getSQLState();
    StringBuilder tag = new StringBuilder(sqliteCode == null ? "" : sqliteCode);
    if (code != null) {
      tag.append(tag.isEmpty() ? "" : "; ").append(Errors.tag(code));
    } else if (state != null && !state.equals(GENERIC_SQLSTATE)) {
      tag.append(tag.isEmpty() ? "" : "; ").append("SQLSTATE ").append(state);
    }
    return tag.isEmpty() ? text : text + " [" + tag + "]";
  }

  /**
   * SQLite's own detail of a sqlite-jdbc message ({@code [SQLITE_ERROR] SQL error ... (no such
   * table: t)}).
   */
  private static String sqliteDetail(String message) {
    Matcher m = JDBC_MESSAGE.matcher(message);
    if (!m.matches()) {
      return message;
    }
    return m.group(3) != null && !m.group(3).isBlank() ? m.group(3) : m.group(2);
  }

  private static SQLiteException sqliteCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLiteException s) {
        return s;
      }
    }
    return null;
  }

  private static ErrorCode codeOf(VfsRegistration.VfsError error) {
    if (error.errorCode() != null) {
      return error.errorCode();
    }
    Matcher m = CODE_IN_MESSAGE.matcher(error.message());
    while (m.find()) {
      ErrorCode code = ErrorCode.fromHeader(m.group(1));
      if (code != null) {
        return code;
      }
    }
    return SqliteCodes.primary(error.resultCode()) == SqliteCodes.SQLITE_BUSY
        ? ErrorCode.CONFLICT
        : null;
  }

  @Override
  public void close() {
    if (db != null) {
      db.close();
      db = null;
    }
  }
}
