package io.mvsqlite.client.sqlite;

import static io.mvsqlite.client.sqlite.TestDatabases.unique;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvsqlite.client.vfs.MemoryVfs;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

@SuppressWarnings("restricted")
class VfsRegistrarTest {

  private final VfsRegistrar registrar = TestDatabases.binding().vfs();

  @Test
  void registeringTheSameFileSystemAgainReturnsTheSameRegistration() {
    MemoryVfs vfs = new MemoryVfs(unique("idem"));
    VfsRegistration first = registrar.register(vfs, false);
    VfsRegistration second = registrar.register(vfs, false);

    assertThat(second).isSameAs(first);
    assertThat(registrar.isRegistered(vfs.name())).isTrue();
    assertThat(registrar.registration(vfs.name())).contains(first);
  }

  @Test
  void aNameTakenByAnotherFileSystemIsRefused() {
    String name = unique("taken");
    registrar.register(new MemoryVfs(name), false);

    assertThatThrownBy(() -> registrar.register(new MemoryVfs(name), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name);
  }

  @Test
  void aNativeVfsNameIsRefused() {
    assertThatThrownBy(() -> registrar.register(new MemoryVfs("unix"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unix");
    assertThat(registrar.registration("unix")).isEmpty();
  }

  @Test
  void badNamesAreRefusedBeforeTouchingSqlite() {
    assertThatThrownBy(() -> registrar.register(new MemoryVfs(""), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registrar.register(new MemoryVfs("a\0b"), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registrar.register(new MemoryVfs("x".repeat(256)), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingAnUnknownDefaultIsRefused() {
    String before = registrar.defaultVfsName();
    assertThatThrownBy(() -> registrar.setDefault(unique("nosuch")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registrar.defaultVfsName()).isEqualTo(before);
  }

  @Test
  void theStructDelegatesDynamicLoadingAndSystemCallsToThePreviousDefault() {
    MemoryVfs vfs = new MemoryVfs(unique("layout"));
    MemorySegment previous = registrar.api().vfsFind(null).reinterpret(Layouts.Vfs.SIZE);
    MemorySegment ours = registrar.register(vfs, false).vfs();

    int expectedVersion = previous.get(JAVA_INT, Layouts.Vfs.I_VERSION) >= 3 ? 3 : 2;
    assertThat(ours.get(JAVA_INT, Layouts.Vfs.I_VERSION)).isEqualTo(expectedVersion);
    assertThat(ours.get(JAVA_INT, Layouts.Vfs.SZ_OS_FILE)).isEqualTo(16);
    assertThat(ours.get(JAVA_INT, Layouts.Vfs.MX_PATHNAME)).isEqualTo(512);
    for (long offset :
        new long[] {
          Layouts.Vfs.X_DL_OPEN,
          Layouts.Vfs.X_DL_ERROR,
          Layouts.Vfs.X_DL_SYM,
          Layouts.Vfs.X_DL_CLOSE,
          Layouts.Vfs.X_SET_SYSTEM_CALL,
          Layouts.Vfs.X_GET_SYSTEM_CALL,
          Layouts.Vfs.X_NEXT_SYSTEM_CALL
        }) {
      assertThat(ours.get(ADDRESS, offset))
          .as("pointer at %d", offset)
          .isEqualTo(previous.get(ADDRESS, offset));
    }
    assertThat(ours.get(ADDRESS, Layouts.Vfs.X_OPEN)).isEqualTo(VfsUpcalls.Stubs.X_OPEN);
  }
}
