package io.mvsqlite.kv.rocksdb;

import io.mvsqlite.kv.MutationType;

/**
 * One entry of a transaction's mutation log, applied in order at commit. The size of each is what
 * FoundationDB counts toward the 10,000,000-byte transaction limit (a single-key clear is sent as
 * the range {@code [k, k+0x00)}).
 */
sealed interface Mutation {

  long byteSize();

  record Set(byte[] key, byte[] value) implements Mutation {
    @Override
    public long byteSize() {
      return (long) key.length + value.length;
    }
  }

  record Clear(byte[] key) implements Mutation {
    @Override
    public long byteSize() {
      return 2L * key.length + 1;
    }
  }

  record ClearRange(byte[] begin, byte[] end) implements Mutation {
    @Override
    public long byteSize() {
      return (long) begin.length + end.length;
    }
  }

  /**
   * An atomic operation, versionstamp mutations included ({@code param} then still carries its
   * offset).
   */
  record Atomic(MutationType type, byte[] key, byte[] param) implements Mutation {
    @Override
    public long byteSize() {
      return (long) key.length + param.length;
    }
  }
}
