package io.mvsqlite.preload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built library itself. */
class ShimLibraryTest {

  private static final int PT_GNU_STACK = 0x6474e551;
  private static final int PF_X = 1;

  @Test
  void theLibraryHasANonExecutableStack() throws Exception {
    ByteBuffer elf =
        ByteBuffer.wrap(Files.readAllBytes(NativeProgram.LIBRARY)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
    assertThat(elf.get(4)).as("ELFCLASS64").isEqualTo((byte) 2);
    long phoff = elf.getLong(0x20);
    int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
    int phnum = Short.toUnsignedInt(elf.getShort(0x38));
    Integer stackFlags = null;
    for (int i = 0; i < phnum; i++) {
      int at = (int) phoff + i * phentsize;
      if (elf.getInt(at) == PT_GNU_STACK) {
        stackFlags = elf.getInt(at + 4);
      }
    }
    assertThat(stackFlags).as("a PT_GNU_STACK header").isNotNull();
    assertThat(stackFlags & PF_X).as("the stack is not executable").isZero();
  }

  @Test
  void theBuildWroteTheJvmAndClassPathNextToTheLibrary() throws Exception {
    Path conf = NativeProgram.LIBRARY.resolveSibling("libmvsqlite_preload.conf");
    String text = Files.readString(conf);
    assertThat(text)
        .containsPattern("(?m)^java_home=/\\S+$")
        .containsPattern("(?m)^class_path=/\\S*mvsqlite-client");
    String classPath =
        text.lines().filter(l -> l.startsWith("class_path=")).findFirst().orElseThrow();
    for (String entry : classPath.substring("class_path=".length()).split(":")) {
      assertThat(Path.of(entry)).exists();
    }
  }
}
