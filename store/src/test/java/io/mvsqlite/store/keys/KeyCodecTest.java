package io.mvsqlite.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.kv.Bytes;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import io.mvsqlite.protocol.Version;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the byte layouts to the reference's (mvstore-server spec §2), so reference-written data
 * stays readable.
 */
class KeyCodecTest {

  private final KeyCodec codec = new KeyCodec("mvstore", "m");
  private final Version ns = Version.of(0x0000000102030405L, 7);

  @Test
  void metadataKeysAreTupleEncodedAsTheReferenceDoes() {
    assertThat(hex(codec.nskey("test")))
        .isEqualTo("026d7673746f726500" + "026e736b657900" + "027465737400");
    assertThat(hex(codec.nsmd(ns)))
        .isEqualTo("026d7673746f726500" + "026e736d6400" + "32" + ns.hex());
    // §2.1: secs 1700000000 is tuple-encoded as 18 65 53 f1 00.
    assertThat(hex(codec.time2version(1_700_000_000L))).endsWith("186553f100");
    assertThat(codec.decodeTime2version(codec.time2version(1_700_000_000L)))
        .isEqualTo(1_700_000_000L);
    assertThat(hex(codec.time2version(0))).endsWith("14");
    assertThat(codec.decodeTime2version(codec.time2version(-1L))).isEqualTo(-1L);
    assertThat(hex(codec.nstask(ns, "truncate_versions")))
        .endsWith("32" + ns.hex() + "027472756e636174655f76657273696f6e7300");
  }

  @Test
  void nullBytesInNamespaceKeysAreEscaped() {
    byte[] k = codec.nskey("a\u0000b");
    assertThat(hex(k)).endsWith("026100ff6200");
    assertThat(codec.decodeNskey(k)).isEqualTo("a\u0000b");
  }

  @Test
  void dataKeysHaveTheReferenceLengths() {
    PageHash h = new PageHash(new byte[32]);
    assertThat(codec.lastWriteVersion(ns)).hasSize(12);
    assertThat(codec.page(ns, 1, ns)).hasSize(26);
    assertThat(codec.content(ns, h)).hasSize(44);
    assertThat(codec.contentIndex(ns, h)).hasSize(44);
    assertThat(codec.referrer(ns, h)).hasSize(44);
    assertThat(codec.changelog(ns, ns)).hasSize(22);
    assertThat(hex(codec.page(ns, 0x01020304, Version.ZERO)))
        .isEqualTo("6d" + ns.hex() + "70" + "01020304" + "00000000000000000000");
  }

  @Test
  void pageKeysDecodeAndSortByPageThenVersion() {
    byte[] a = codec.page(ns, 5, Version.of(10, 0));
    byte[] b = codec.page(ns, 5, Version.of(11, 0));
    byte[] c = codec.page(ns, 6, Version.of(1, 0));
    assertThat(Bytes.compare(a, b)).isNegative();
    assertThat(Bytes.compare(b, c)).isNegative();
    assertThat(codec.decodePage(b)).isEqualTo(new KeyCodec.PageKey(5, Version.of(11, 0)));
    byte[][] range = codec.pageIndexRange(ns);
    assertThat(Bytes.compare(range[0], a)).isNegative();
    assertThat(Bytes.compare(c, range[1])).isNegative();
  }

  @Test
  void versionstampTemplatesCarryALittleEndianOffset() {
    byte[] t = codec.pageTemplate(ns, 3);
    assertThat(t).hasSize(26 + 4);
    assertThat(hex(t)).endsWith("00000000000000000000" + "10000000"); // offset 16, little-endian
    byte[] ci = KeyCodec.contentIndexValueTemplate(0x0102);
    assertThat(hex(ci)).isEqualTo("0000000000000102" + "00000000000000000000" + "08000000");
    assertThat(hex(KeyCodec.versionstampValueTemplate(new byte[16]))).endsWith("10000000");
  }

  @Test
  void listRangeCoversExactlyTheKeysWithThePrefix() {
    byte[][] r = codec.nskeyRange("te");
    assertThat(Bytes.compare(r[0], codec.nskey("te"))).isZero();
    for (String inside : List.of("te", "test", "te\u00ff")) {
      byte[] k = codec.nskey(inside);
      assertThat(Bytes.compare(k, r[0]) >= 0 && Bytes.compare(k, r[1]) < 0).as(inside).isTrue();
    }
    for (String outside : List.of("t", "tf", "ta")) {
      byte[] k = codec.nskey(outside);
      assertThat(Bytes.compare(k, r[0]) >= 0 && Bytes.compare(k, r[1]) < 0).as(outside).isFalse();
    }
  }

  @Test
  void rawPrefixesThatCollideWithTheMetadataSpaceAreRefused() {
    assertThatThrownBy(() -> new KeyCodec("mvstore", "\u0002x")).isInstanceOf(MvException.class);
    assertThatThrownBy(() -> new KeyCodec("", "m")).isInstanceOf(MvException.class);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
