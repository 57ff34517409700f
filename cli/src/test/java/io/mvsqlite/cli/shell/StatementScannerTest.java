package io.mvsqlite.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cutting input into statements as sqlite3_complete() does. */
class StatementScannerTest {

  private static List<String> scan(String... lines) {
    StatementScanner s = new StatementScanner();
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      s.addLine(line, ++n).forEach(st -> out.add(st.line() + ":" + st.sql()));
    }
    StatementScanner.Statement rest = s.drain();
    if (rest != null) {
      out.add(rest.line() + ":" + rest.sql() + " (unfinished)");
    }
    return out;
  }

  @Test
  void semicolonsInsideLiteralsIdentifiersAndCommentsDoNotEndAStatement() {
    assertThat(scan("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- i;j", "/* k; */ FROM t;"))
        .containsExactly("1:SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- i;j\n/* k; */ FROM t;");
    assertThat(scan("SELECT 'it''s; fine';")).containsExactly("1:SELECT 'it''s; fine';");
    assertThat(scan("SELECT 'multi", "line;", "literal';"))
        .containsExactly("1:SELECT 'multi\nline;\nliteral';");
  }

  @Test
  void severalStatementsOnOneLineComeOutOneByOneWithTheirLines() {
    assertThat(scan("", "SELECT 1; SELECT 2;", "  SELECT", "3;"))
        .containsExactly("2:SELECT 1;", "2:SELECT 2;", "3:SELECT\n3;");
  }

  @Test
  void emptyStatementsAndPureCommentsAreDropped() {
    assertThat(scan(";;", "-- nothing", "/* nothing */ ;", "   ")).isEmpty();
  }

  @Test
  void triggerBodiesEndOnlyAtEndSemicolon() {
    assertThat(
            scan(
                "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN",
                "  INSERT INTO u VALUES (1);",
                "  UPDATE u SET x = 2;",
                "END; SELECT 1;"))
        .containsExactly(
            "1:CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO u VALUES (1);\n  UPDATE u SET x = 2;\n"
                + "END;",
            "4:SELECT 1;");
    assertThat(scan("EXPLAIN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;")).hasSize(1);
    assertThat(scan("CREATE TABLE trigger_log(x); SELECT 1;")).hasSize(2);
  }

  @Test
  void anUnfinishedStatementIsGivenBackAtTheEnd() {
    assertThat(scan("SELECT 1;", "SELECT", "2"))
        .containsExactly("1:SELECT 1;", "2:SELECT\n2 (unfinished)");
  }

  /**
   * On random fragments of SQL syntax, the scanner's completeness is exactly SQLite's own {@code
   * sqlite3_complete()} (called in the system's libsqlite3 through FFM; skipped where there is
   * none), and cutting the same text into lines at random (outside line comments) gives the same
   * statements. Seeded.
   */
  @Test
  void completenessIsSqlite3CompleteOnRandomInput() throws Throwable {
    Path library = Path.of("/usr/lib/x86_64-linux-gnu/libsqlite3.so.0");
    assumeTrue(Files.exists(library), "no system libsqlite3 to compare with at " + library);
    long seed = 20260131L;
    Random random = new Random(seed);
    String[] pieces = {
      "SELECT 1",
      ";",
      " ",
      "\n",
      "'",
      "\"",
      "--",
      "/*",
      "*/",
      "CREATE",
      "TRIGGER",
      "TEMP",
      "END",
      "BEGIN",
      "EXPLAIN",
      "x",
      "[",
      "]",
      "`",
      "(",
      ")",
      "temporary",
      "end;"
    };
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup lib = SymbolLookup.libraryLookup(library, arena);
      MethodHandle complete =
          Linker.nativeLinker()
              .downcallHandle(
                  lib.find("sqlite3_complete").orElseThrow(),
                  FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      for (int round = 0; round < 5000; round++) {
        StringBuilder text = new StringBuilder();
        int n = 1 + random.nextInt(10);
        for (int i = 0; i < n; i++) {
          text.append(pieces[random.nextInt(pieces.length)])
              .append(random.nextBoolean() ? " " : "");
        }
        String input = text.toString();
        StatementScanner scanner = new StatementScanner();
        String[] lines = input.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          scanner.addLine(lines[i], i + 1);
        }
        int expected = (int) complete.invokeExact(arena.allocateFrom(input + "\n"));
        assertThat(scanner.endsWithCompleteStatement())
            .as("seed %d round %d: sqlite3_complete(%s) = %d", seed, round, input, expected)
            .isEqualTo(expected == 1);
        // Lines may be cut anywhere except inside a line comment, which a line end closes.
        String oneLine = input.replace("\n", " ");
        if (oneLine.contains("--")) {
          continue;
        }
        assertThat(statements(splitRandomly(oneLine, random)))
            .as("seed %d round %d input %s", seed, round, oneLine)
            .isEqualTo(statements(List.of(oneLine)));
      }
    }
  }

  private static List<String> statements(List<String> lines) {
    StatementScanner s = new StatementScanner();
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      s.addLine(line, ++n).forEach(st -> out.add(st.sql().replaceAll("\\s+", " ")));
    }
    StatementScanner.Statement rest = s.drain();
    if (rest != null) {
      out.add("rest:" + rest.sql().replaceAll("\\s+", " "));
    }
    return out;
  }

  private static List<String> splitRandomly(String input, Random random) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < input.length(); i++) {
      if (input.charAt(i) == ' ' && random.nextInt(3) == 0) {
        lines.add(input.substring(start, i));
        start = i + 1;
      }
    }
    lines.add(input.substring(start));
    return lines;
  }
}
