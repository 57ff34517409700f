package io.mvsqlite.client.vfs;

import static io.mvsqlite.protocol.SqliteCodes.SQLITE_FULL;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_IOERR_SHORT_READ;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_EXCLUSIVE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_NONE;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_LOCK_SHARED;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OK;
import static io.mvsqlite.protocol.SqliteCodes.SQLITE_OPEN_DELETEONCLOSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryFileTest {

  private static ByteBuffer bytes(int length, int seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return ByteBuffer.wrap(data);
  }

  private static byte[] read(MemoryFile file, long offset, int length, int expectedCode)
      throws VfsException {
    ByteBuffer dst = ByteBuffer.allocateDirect(length);
    // Garbage first, to prove a short read zero-fills instead of leaving old bytes.
    for (int i = 0; i < length; i++) {
      dst.put(i, (byte) 0x5A);
    }
    assertThat(file.read(dst, offset)).isEqualTo(expectedCode);
    assertThat(dst.hasRemaining()).isFalse();
    byte[] out = new byte[length];
    dst.flip().get(out);
    return out;
  }

  @Test
  void writeThenReadRoundTripsAcrossChunkBoundaries() throws VfsException {
    MemoryFile file = new MemoryFile();
    int length = MemoryFile.CHUNK_BYTES * 2 + 1234;
    long offset = MemoryFile.CHUNK_BYTES - 100;
    ByteBuffer data = bytes(length, 7);
    file.write(data.duplicate(), offset);

    assertThat(file.fileSize()).isEqualTo(offset + length);
    assertThat(read(file, offset, length, SQLITE_OK)).isEqualTo(data.array());
  }

  @Test
  void gapBeforeAWritePastTheEndReadsAsZeros() throws VfsException {
    MemoryFile file = new MemoryFile();
    file.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
    file.write(ByteBuffer.wrap(new byte[] {9}), 100_000);

    byte[] all = read(file, 0, 100_001, SQLITE_OK);
    assertThat(Arrays.copyOfRange(all, 0, 3)).containsExactly(1, 2, 3);
    assertThat(Arrays.copyOfRange(all, 3, 100_000)).containsOnly(0);
    assertThat(all[100_000]).isEqualTo((byte) 9);
  }

  @Test
  void shortReadZeroFillsTheRestAndReportsShortRead() throws VfsException {
    MemoryFile file = new MemoryFile();
    file.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 0);

    assertThat(read(file, 2, 6, SQLITE_IOERR_SHORT_READ)).containsExactly(3, 4, 0, 0, 0, 0);
    assertThat(read(file, 50, 4, SQLITE_IOERR_SHORT_READ)).containsExactly(0, 0, 0, 0);
  }

  @Test
  void truncateDropsTheTailAndLaterGrowthReadsZerosNotOldBytes() throws VfsException {
    MemoryFile file = new MemoryFile();
    ByteBuffer data = bytes(MemoryFile.CHUNK_BYTES + 500, 3);
    file.write(data.duplicate(), 0);

    file.truncate(10);
    assertThat(file.fileSize()).isEqualTo(10);
    file.truncate(MemoryFile.CHUNK_BYTES + 500);

    byte[] all = read(file, 0, MemoryFile.CHUNK_BYTES + 500, SQLITE_OK);
    assertThat(Arrays.copyOfRange(all, 0, 10)).isEqualTo(Arrays.copyOfRange(data.array(), 0, 10));
    assertThat(Arrays.copyOfRange(all, 10, all.length)).containsOnly(0);
  }

  @Test
  void writesPastTheMaximumSizeFailWithSqliteFullAndChangeNothing() throws VfsException {
    MemoryFile file = new MemoryFile();
    file.write(ByteBuffer.wrap(new byte[] {1}), 0);

    assertThatThrownBy(() -> file.write(ByteBuffer.wrap(new byte[] {2}), MemoryFile.MAX_SIZE_BYTES))
        .isInstanceOf(VfsException.class)
        .satisfies(e -> assertThat(((VfsException) e).sqliteResultCode()).isEqualTo(SQLITE_FULL));
    assertThat(file.fileSize()).isEqualTo(1);
  }

  @Test
  void deleteOnCloseDropsContentAndNotifiesOnce() throws VfsException {
    AtomicInteger deletions = new AtomicInteger();
    MemoryFile file = new MemoryFile(SQLITE_OPEN_DELETEONCLOSE, deletions::incrementAndGet);
    file.write(bytes(1000, 1), 0);

    file.close();
    file.close();

    assertThat(deletions).hasValue(1);
    assertThat(file.fileSize()).isZero();
  }

  @Test
  void closeWithoutDeleteOnCloseKeepsContent() throws VfsException {
    AtomicInteger deletions = new AtomicInteger();
    MemoryFile file = new MemoryFile(0, deletions::incrementAndGet);
    file.write(bytes(1000, 1), 0);

    file.close();

    assertThat(deletions).hasValue(0);
    assertThat(file.fileSize()).isEqualTo(1000);
  }

  @Test
  void locksAreRecordedOnly() {
    MemoryFile file = new MemoryFile();
    assertThat(file.lock(SQLITE_LOCK_SHARED)).isEqualTo(SQLITE_OK);
    assertThat(file.checkReservedLock()).isFalse();
    assertThat(file.lock(SQLITE_LOCK_EXCLUSIVE)).isEqualTo(SQLITE_OK);
    assertThat(file.checkReservedLock()).isTrue();
    assertThat(file.unlock(SQLITE_LOCK_NONE)).isEqualTo(SQLITE_OK);
    assertThat(file.lockLevel()).isEqualTo(SQLITE_LOCK_NONE);
  }

  @Test
  void vfsExceptionRejectsSuccessCodes() {
    assertThatThrownBy(() -> new VfsException(SQLITE_OK, "fine"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VfsException(101, "done"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomOperationsMatchAPlainByteArrayModel() throws VfsException {
    long seed = 20_260_214L;
    Random random = new Random(seed);
    MemoryFile file = new MemoryFile();
    byte[] model = new byte[0];
    int limit = MemoryFile.CHUNK_BYTES * 3;
    for (int step = 0; step < 3000; step++) {
      String context = "seed " + seed + ", step " + step;
      long offset = random.nextInt(limit);
      switch (random.nextInt(10)) {
        case 0, 1, 2, 3 -> {
          int length = 1 + random.nextInt(random.nextBoolean() ? 600 : 20_000);
          byte[] data = new byte[length];
          random.nextBytes(data);
          file.write(ByteBuffer.wrap(data), offset);
          if (offset + length > model.length) {
            model = Arrays.copyOf(model, (int) offset + length);
          }
          System.arraycopy(data, 0, model, (int) offset, length);
        }
        case 4 -> {
          file.truncate(offset);
          model = Arrays.copyOf(model, (int) offset);
        }
        default -> {
          int length = 1 + random.nextInt(20_000);
          boolean complete = offset + length <= model.length;
          byte[] expected = new byte[length];
          if (offset < model.length) {
            System.arraycopy(
                model, (int) offset, expected, 0, (int) Math.min(length, model.length - offset));
          }
          assertThat(read(file, offset, length, complete ? SQLITE_OK : SQLITE_IOERR_SHORT_READ))
              .as(context)
              .isEqualTo(expected);
        }
      }
      assertThat(file.fileSize()).as(context).isEqualTo(model.length);
    }
  }
}
