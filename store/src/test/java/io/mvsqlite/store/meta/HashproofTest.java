package io.mvsqlite.store.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.store.content.PageHasher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The hashproof rule of reference §1.4, including the edge cases of §16.8. */
class HashproofTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SECRET = "open sesame".getBytes(StandardCharsets.UTF_8);
  private static final String HASH = HEX.formatHex(PageHasher.digest(SECRET));

  @Test
  void keysWithoutAColonNeedNoProof() {
    assertThat(Hashproof.accepts("plain", null)).isTrue();
    assertThat(Hashproof.accepts("plain", "zz-not-hex")).isTrue();
  }

  @Test
  void theRightPreimageProvesTheKey() {
    assertThat(Hashproof.accepts("db:" + HASH, HEX.formatHex(SECRET))).isTrue();
    assertThat(Hashproof.accepts("db:" + HASH + ":more", HEX.formatHex(SECRET))).isTrue();
    assertThat(Hashproof.accepts("db:" + HASH.toUpperCase(), HEX.formatHex(SECRET).toUpperCase()))
        .isTrue();
  }

  @Test
  void everyFailureIsAPlainNo() {
    assertThat(Hashproof.accepts("db:" + HASH, null)).as("missing proof").isFalse();
    assertThat(
            Hashproof.accepts(
                "db:" + HASH, HEX.formatHex("wrong".getBytes(StandardCharsets.UTF_8))))
        .as("wrong proof")
        .isFalse();
    assertThat(Hashproof.accepts("db:" + HASH, "xyz")).as("proof not hex").isFalse();
    assertThat(Hashproof.accepts("db:" + HASH, "abc")).as("proof of odd length").isFalse();
    assertThat(Hashproof.accepts("db:abcd", HEX.formatHex(SECRET)))
        .as("hash segment too short")
        .isFalse();
    assertThat(Hashproof.accepts("db:" + "g" + HASH.substring(1), HEX.formatHex(SECRET)))
        .as("not hex")
        .isFalse();
    assertThat(Hashproof.accepts("db:", "")).as("empty second segment").isFalse();
    assertThat(Hashproof.accepts("db::" + HASH, HEX.formatHex(SECRET)))
        .as("hash in third segment")
        .isFalse();
  }

  @Test
  void theEmptyPreimageIsAValidProofOfItsHash() {
    String emptyHash = HEX.formatHex(PageHasher.digest(new byte[0]));
    assertThat(Hashproof.accepts("db:" + emptyHash, null)).isTrue();
    assertThat(Hashproof.accepts("db:" + emptyHash, "")).isTrue();
  }
}
