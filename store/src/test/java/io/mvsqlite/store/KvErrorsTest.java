package io.mvsqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.kv.KvError;
import io.mvsqlite.kv.KvException;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class KvErrorsTest {

  @Test
  void retryableKvErrorsAreTransient() {
    for (KvError e : KvError.values()) {
      if (e.isRetryable()) {
        assertThat(KvErrors.map(new KvException(e)).code())
            .as(e.name())
            .isEqualTo(ErrorCode.TRANSIENT);
      }
    }
  }

  @Test
  void anUnreachableBackendIsUnavailable() {
    assertThat(KvErrors.map(new KvException(KvError.BACKEND_FAILURE)).code())
        .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    assertThat(KvErrors.map(new KvException(KvError.STORE_CLOSED)).code())
        .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
  }

  @Test
  void limitErrorsAreInternalBugsWithTheirDetail() {
    MvException e = KvErrors.map(new KvException(KvError.TRANSACTION_TOO_LARGE, "10000123 bytes"));
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("10000123 bytes");
    assertThat(KvErrors.map(new KvException(KvError.VALUE_TOO_LARGE)).code())
        .isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void translationUnwrapsFuturesAndKeepsEngineErrors() {
    MvException own = new MvException(ErrorCode.CONFLICT, "x");
    assertThat(KvErrors.translate(new CompletionException(own))).isSameAs(own);
    assertThat(
            KvErrors.translate(new CompletionException(new KvException(KvError.NOT_COMMITTED)))
                .code())
        .isEqualTo(ErrorCode.TRANSIENT);
    assertThat(KvErrors.translate(new IllegalStateException("bug")).code())
        .isEqualTo(ErrorCode.INTERNAL);
  }
}
