package io.mvsqlite.store;

import static io.mvsqlite.store.MvAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvsqlite.protocol.ErrorCode;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void defaultsAreTheReferenceKnobsAndOurs() {
    StoreConfig c = StoreConfig.defaults("mvstore", "m");
    assertThat(c.autoCreateNamespace()).isFalse();
    assertThat(c.contentCacheSize()).isZero();
    assertThat(c.wireZstd()).isFalse();
    assertThat(c.readOnly()).isFalse();
    assertThat(c.gcScanBatchSize()).isEqualTo(5000);
    assertThat(c.gcFreshPageTtlSecs()).isEqualTo(3600);
    assertThat(c.commitMultiPhaseThreshold()).isEqualTo(1000);
    assertThat(c.plccReadSetSizeThreshold()).isEqualTo(2000);
    assertThat(c.nslockRollbackScanBatchSize()).isEqualTo(1000);
    assertThat(c.truncateMinAgeSeconds()).isZero();
    assertThat(c.commitStagedThreshold()).isEqualTo(25_000);
    assertThat(c.stagedChunkPages()).isEqualTo(4000);
    assertThat(c.leaseTtlSecs()).isEqualTo(60);
    assertThat(c.timekeeperIntervalMillis()).isEqualTo(5000);
  }

  @Test
  void withersChangeOneKnob() {
    StoreConfig c = StoreConfig.defaults("mvstore", "m").withGcScanBatchSize(50).withReadOnly(true);
    assertThat(c.gcScanBatchSize()).isEqualTo(50);
    assertThat(c.readOnly()).isTrue();
    assertThat(c.withReadOnly(false))
        .isEqualTo(StoreConfig.defaults("mvstore", "m").withGcScanBatchSize(50));
  }

  @Test
  void eachWitherChangesItsOwnComponentAndNoOther() throws Exception {
    StoreConfig base = StoreConfig.defaults("mvstore", "m");
    RecordComponent[] components = StoreConfig.class.getRecordComponents();
    int withers = 0;
    for (RecordComponent changed : components) {
      String name = changed.getName();
      Class<?> type = changed.getType();
      if (type == String.class) {
        continue; // the two prefixes are set by defaults(), not by withers
      }
      Method wither =
          StoreConfig.class.getMethod(
              "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1), type);
      Object before = changed.getAccessor().invoke(base);
      Object value =
          type == boolean.class
              ? !(Boolean) before
              : type == int.class ? (Object) ((Integer) before + 7) : (Object) ((Long) before + 7);
      StoreConfig after = (StoreConfig) wither.invoke(base, value);
      withers++;
      for (RecordComponent other : components) {
        Object expected = other == changed ? value : other.getAccessor().invoke(base);
        assertThat(other.getAccessor().invoke(after))
            .as("%s after %s(%s)", other.getName(), wither.getName(), value)
            .isEqualTo(expected);
      }
    }
    assertThat(withers).isEqualTo(components.length - 2);
  }

  @Test
  void invalidValuesAreConfigurationErrors() {
    assertCode(() -> StoreConfig.defaults("", "m"), ErrorCode.CLIENT_CONFIG);
    assertCode(
        () -> StoreConfig.defaults("mvstore", "m").withGcScanBatchSize(0), ErrorCode.CLIENT_CONFIG);
    assertCode(
        () -> StoreConfig.defaults("mvstore", "m").withLeaseTtlSecs(-1), ErrorCode.CLIENT_CONFIG);
  }
}
