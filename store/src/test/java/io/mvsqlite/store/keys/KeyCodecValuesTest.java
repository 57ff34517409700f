package io.mvsqlite.store.keys;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.IdempotencyKey;
import io.mvsqlite.protocol.Version;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The value layouts KeyCodec defines besides the keys. */
class KeyCodecValuesTest {

  private final KeyCodec codec = new KeyCodec("mvstore", "m");
  private final Version ns = Version.of(0x0102030405060708L, 9);

  @Test
  void changelogValuesAreSortedBigEndianPagesOrUnknown() {
    byte[] v = KeyCodec.changelogValue(new int[] {1, 0x01020304});
    assertThat(HexFormat.of().formatHex(v)).isEqualTo("00" + "00000001" + "01020304");
    assertThat(KeyCodec.decodeChangelog(v)).containsExactly(1, 0x01020304);
    assertThat(KeyCodec.decodeChangelog(KeyCodec.changelogUnknownValue())).isNull();
    assertThat(KeyCodec.decodeChangelog(new byte[] {0, 1, 2})).as("truncated").isNull();
    assertThat(KeyCodec.decodeChangelog(new byte[0])).isNull();
    assertThat(KeyCodec.decodeChangelog(new byte[] {0})).isEmpty();
  }

  @Test
  void leaseValuesAreExpiryThenStart() {
    byte[] template = KeyCodec.leaseValueTemplate(0x0a0b);
    assertThat(HexFormat.of().formatHex(template))
        .isEqualTo("0000000000000a0b" + "00".repeat(10) + "08000000");
    KeyCodec.LeaseValue lease = new KeyCodec.LeaseValue(77, ns);
    assertThat(KeyCodec.decodeLease(KeyCodec.leaseValue(lease))).isEqualTo(lease);
    assertCode(() -> KeyCodec.decodeLease(new byte[5]), ErrorCode.DATA_CORRUPT);
    assertThat(codec.lease(ns, new byte[16])).startsWith(codec.leaseRange(ns)[0]);
  }

  @Test
  void lastWriteVersionsAndContentIndexValuesDecode() {
    IdempotencyKey idem = new IdempotencyKey(new byte[16]);
    byte[] lwv = new byte[26];
    ns.writeTo(lwv, 16);
    assertThat(KeyCodec.decodeLastWriteVersion(lwv)).isEqualTo(new KeyCodec.LastWrite(idem, ns));
    assertThat(HexFormat.of().formatHex(KeyCodec.lastWriteVersionTemplate(idem)))
        .endsWith("10000000")
        .hasSize(60);
    assertCode(() -> KeyCodec.decodeLastWriteVersion(new byte[25]), ErrorCode.DATA_CORRUPT);

    byte[] ci = new byte[18];
    ci[7] = 5;
    ns.writeTo(ci, 8);
    assertThat(KeyCodec.decodeContentIndexValue(ci))
        .isEqualTo(new KeyCodec.ContentIndexValue(5, ns));
    assertCode(() -> KeyCodec.decodeContentIndexValue(new byte[17]), ErrorCode.DATA_CORRUPT);
  }

  @Test
  void taskLocksOfOneNamespaceShareARange() {
    byte[][] range = codec.nstaskRange(ns);
    assertThat(codec.nstask(ns, "truncate_versions")).startsWith(range[0]);
    assertThat(codec.nstask(ns, "delete_unreferenced_content")).startsWith(range[0]);
    assertCode(() -> KeyCodec.decodeTaskLock(new byte[] {(byte) 0x80}), ErrorCode.DATA_CORRUPT);
  }
}
