package io.mvsqlite.store.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.PageHash;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentCodecTest {

  private static final long SEED = 20260101L;

  @Test
  void blake3OfTheEmptyInputIsTheOfficialTestVector() {
    assertThat(PageHasher.hash(new byte[0]).hex())
        .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    assertThat(PageHasher.digest(new byte[] {1, 2, 3})).hasSize(32);
  }

  @Test
  void compressedPagesRoundTrip() {
    Random random = new Random(SEED);
    for (int size : new int[] {0, 1, 4096, 8192, 32768}) {
      byte[] page = new byte[size];
      random.nextBytes(page);
      byte[] stored = ContentCodec.encode(page);
      assertThat(stored[0]).isEqualTo((byte) 0x01);
      StoredContent parsed = ContentCodec.parse(stored);
      assertThat(parsed).isInstanceOf(StoredContent.Compressed.class);
      assertThat(ContentCodec.decodeStandalone(parsed))
          .as("size %d, seed %d", size, SEED)
          .isEqualTo(page);
    }
  }

  @Test
  void emptyValueIsTheEmptyPageAndRawValuesAreReadable() {
    assertThat(ContentCodec.parse(new byte[0])).isInstanceOf(StoredContent.Empty.class);
    assertThat(ContentCodec.decodeStandalone(ContentCodec.parse(new byte[0]))).isEmpty();
    byte[] raw = {0x00, 5, 6, 7};
    assertThat(ContentCodec.decodeStandalone(ContentCodec.parse(raw))).containsExactly(5, 6, 7);
  }

  @Test
  void deltaPagesRoundTripAgainstTheirBase() {
    byte[] base = patterned(4096);
    byte[] page = base.clone();
    page[100] ^= 0x55;
    page[2000] ^= 0x11;
    PageHash baseHash = PageHasher.hash(base);
    byte[] stored = XorDelta.tryEncode(baseHash, base, page);
    assertThat(stored).isNotNull();
    assertThat(stored[0]).isEqualTo((byte) 0x02);
    StoredContent.Delta delta = (StoredContent.Delta) ContentCodec.parse(stored);
    assertThat(delta.base()).isEqualTo(baseHash);
    assertThat(ContentCodec.applyDelta(delta, base)).isEqualTo(page);
  }

  @Test
  void corruptValuesAreDataCorruptNeverGuessed() {
    assertCorrupt(() -> ContentCodec.parse(new byte[] {0x07, 1, 2}));
    assertCorrupt(
        () -> ContentCodec.decodeStandalone(ContentCodec.parse(new byte[] {0x01, 1, 2, 3, 4})));
    assertCorrupt(() -> ContentCodec.parse(new byte[] {0x02, 1, 2, 3}));
    byte[] rawTooLarge = new byte[32770];
    assertCorrupt(() -> ContentCodec.parse(rawTooLarge));
  }

  @Test
  void decompressionIsCappedAt32KiB() {
    byte[] stored = ContentCodec.encode(new byte[32769]);
    assertCorrupt(() -> ContentCodec.decodeStandalone(ContentCodec.parse(stored)));
  }

  @Test
  void framesWithoutAStatedSizeDecompressToo() {
    // Other writers (the reference's) may leave the content size out of the frame header.
    byte[] page = patterned(8192);
    byte[] frame;
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setContentSize(false);
      frame = ctx.compress(page);
    }
    assertThat(Zstd.getFrameContentSize(frame)).isNegative();
    assertThat(ContentCodec.decompress(frame)).isEqualTo(page);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      assertThat(ContentCodec.decompress(ctx.compress(page))).isEqualTo(page);
    }
  }

  @Test
  void aFrameStatingMoreThan32KiBIsCorrupt() {
    byte[] frame;
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      frame = ctx.compress(new byte[40_000]);
    }
    assertCorrupt(() -> ContentCodec.decompress(frame));
  }

  @Test
  void deltaWhoseImageDiffersInSizeFromItsBaseIsCorrupt() {
    byte[] base = patterned(4096);
    PageHash baseHash = PageHasher.hash(base);
    byte[] stored = ContentCodec.encodeDelta(baseHash, ContentCodec.compress(new byte[100]));
    StoredContent.Delta delta = (StoredContent.Delta) ContentCodec.parse(stored);
    assertCorrupt(() -> ContentCodec.applyDelta(delta, base));
  }

  @Test
  void aDeltaCannotServeAsABase() {
    byte[] stored =
        ContentCodec.encodeDelta(PageHasher.hash(new byte[1]), ContentCodec.compress(new byte[1]));
    assertCorrupt(() -> ContentCodec.decodeStandalone(ContentCodec.parse(stored)));
  }

  private static void assertCorrupt(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(MvException.class)
        .extracting(e -> ((MvException) e).code())
        .isEqualTo(ErrorCode.DATA_CORRUPT);
  }

  static byte[] patterned(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + (i >> 7));
    }
    return b;
  }
}
