package io.mvsqlite.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void hexRoundTripsAndOrdersLikeCommitOrder() {
    Version a = Version.of(0x0102030405060708L, 1);
    Version b = Version.of(0x0102030405060708L, 2);
    Version c = Version.of(0x0102030405060709L, 0);
    assertThat(a.hex()).isEqualTo("01020304050607080001");
    assertThat(Version.parse(a.hex())).isEqualTo(a);
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(a.hex().compareTo(c.hex())).isNegative();
    assertThat(c.commitVersion()).isEqualTo(0x0102030405060709L);
  }

  @Test
  void highBitVersionsCompareUnsigned() {
    assertThat(Version.of(0x8000000000000000L, 0))
        .isGreaterThan(Version.of(0x7fffffffffffffffL, 0xffff));
    assertThat(Version.MAX).isGreaterThan(Version.of(-2L, 0));
  }

  @Test
  void malformedVersionsAreBadVersionErrors() {
    for (String bad :
        new String[] {null, "", "123", "0102030405060708000G", "010203040506070800011"}) {
      assertThatThrownBy(() -> Version.parse(bad))
          .isInstanceOf(MvException.class)
          .extracting(e -> ((MvException) e).code())
          .isEqualTo(ErrorCode.BAD_VERSION);
    }
  }

  @Test
  void everyErrorCodeMapsToAConsistentClass() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(c.sqlState()).hasSize(5);
      if (c.isRetryable()) {
        assertThat(c.httpStatus()).as(c.name()).isGreaterThanOrEqualTo(500);
      }
      assertThat(ErrorCode.fromHeader(c.name())).isEqualTo(c);
    }
    assertThat(ErrorCode.fromHeader("NOPE")).isNull();
    assertThat(ErrorCode.fromHttpStatus(503).isRetryable()).isTrue();
    assertThat(ErrorCode.fromHttpStatus(409)).isEqualTo(ErrorCode.CONFLICT);
  }
}
