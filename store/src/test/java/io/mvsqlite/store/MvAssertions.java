package io.mvsqlite.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helper: asserts that a call fails with an {@link MvException} of a given code. */
public final class MvAssertions {

  private MvAssertions() {}

  public static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(MvException.class)
        .extracting(e -> ((MvException) e).code())
        .isEqualTo(code);
  }
}
