package io.mvsqlite.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Values print as sqlite3 prints them. */
class ValuesTest {

  /**
   * Reals: the shell's text is SQLite's own printf('%!.15g') (what sqlite3 uses), on many values
   * (seeded).
   */
  @Test
  void realsPrintExactlyAsSqlitePrintfBangPoint15g() throws Exception {
    long seed = 7L;
    Random random = new Random(seed);
    double[] fixed = {
      1.0,
      2.5,
      0.1,
      1e20,
      1e-5,
      123456789012345.0,
      1234567890123456.0,
      1.0 / 3,
      -2.75,
      1e15,
      1e-4,
      9.99999999999999e14,
      100.0,
      0.5e-300,
      1.7976931348623157e308,
      -0.001
    };
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        PreparedStatement ps = c.prepareStatement("SELECT printf('%!.15g', ?)")) {
      for (int i = 0; i < fixed.length + 3000; i++) {
        double d =
            i < fixed.length
                ? fixed[i]
                : switch (i % 3) {
                  case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                  case 1 -> -random.nextInt(1_000_000) / 8.0;
                  default -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
                };
        ps.setDouble(1, d);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(Values.real(d)).as("seed %d value %s", seed, d).isEqualTo(rs.getString(1));
        }
      }
    }
  }

  @Test
  void blobsAreHexLiteralsAndJsonEscapesControlCharacters() {
    assertThat(Values.text(new Values.Blob(new byte[] {(byte) 0xca, (byte) 0xfe, 0}), ""))
        .isEqualTo("X'CAFE00'");
    assertThat(Values.json(new Values.Text("a\"b\\c\n\u0001")))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    assertThat(Values.csv(new Values.Text(" padded"), "")).isEqualTo("\" padded\"");
    assertThat(Values.csv(new Values.Null(), "NULL")).isEqualTo("NULL");
  }
}
