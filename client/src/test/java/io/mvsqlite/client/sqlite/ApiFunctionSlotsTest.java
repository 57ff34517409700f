package io.mvsqlite.client.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Re-derives the {@code sqlite3_api_routines} slots of {@link ApiFunction} from the {@code
 * sqlite3ext.h} installed on this machine (Debian's libsqlite3-dev): every member of the struct is
 * one function pointer, so a member's slot is its position.
 */
class ApiFunctionSlotsTest {

  private static final Path HEADER = Path.of("/usr/include/sqlite3ext.h");

  /** Member names of {@code struct sqlite3_api_routines}, in declaration order. */
  static List<String> members(String header) {
    String open = "struct sqlite3_api_routines {";
    int start = header.indexOf(open) + open.length();
    String body =
        header.substring(start, header.indexOf("};", start)).replaceAll("(?s)/\\*.*?\\*/", "");
    Pattern memberName = Pattern.compile("\\(\\s*\\*\\s*(\\w+)\\s*\\)");
    List<String> names = new ArrayList<>();
    for (String declaration : body.split(";")) {
      if (declaration.isBlank()) {
        continue;
      }
      Matcher matcher = memberName.matcher(declaration);
      assertThat(matcher.find())
          .as("a function pointer member in: %s", declaration.strip())
          .isTrue();
      names.add(matcher.group(1));
    }
    return names;
  }

  @Test
  void everySlotMatchesTheInstalledHeader() throws IOException {
    assumeTrue(
        Files.isReadable(HEADER), "no " + HEADER + " on this machine (install libsqlite3-dev)");
    List<String> members = members(Files.readString(HEADER));
    assertThat(members).hasSizeGreaterThan(200).contains("aggregate_context", "vfs_register");

    for (ApiFunction function : ApiFunction.values()) {
      assertThat(members.indexOf(function.memberName()))
          .as("slot of %s", function.memberName())
          .isEqualTo(function.slot());
    }
  }
}
