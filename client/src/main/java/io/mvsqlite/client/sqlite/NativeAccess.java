package io.mvsqlite.client.sqlite;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;

/**
 * The small FFM toolbox of this package: the native-access check, upcall stubs, and C strings.
 *
 * <p>Every entry point of the package ({@link SqliteBinding}, {@link SqliteApi}) calls {@link
 * #requireEnabled()} before touching a restricted method, so a JVM started without {@code
 * --enable-native-access} gets one clear error instead of the JDK's generic warning (or, under
 * {@code --illegal-native-access=deny}, an obscure failure).
 */
@SuppressWarnings("restricted") // FFM is this package's purpose; native access is checked up front
final class NativeAccess {

  static final Linker LINKER = Linker.nativeLinker();

  /** Longest C string read from SQLite (names, messages); a missing NUL within it is a bug. */
  private static final long MAX_C_STRING_BYTES = Integer.MAX_VALUE;

  private NativeAccess() {}

  /**
   * Fails unless this code may call restricted FFM methods.
   *
   * @throws IllegalStateException naming the JVM option that is missing
   */
  static void requireEnabled() {
    Module module = NativeAccess.class.getModule();
    if (!module.isNativeAccessEnabled()) {
      String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
      throw new IllegalStateException(
          "mvSQLite's SQLite binding needs native access: start the JVM with --enable-native-access="
              + target
              + " (or add 'Enable-Native-Access: ALL-UNNAMED' to the manifest of an executable JAR)");
    }
  }

  /**
   * An upcall stub for the static method {@code name} of {@code lookup}'s class, alive for the
   * whole process.
   */
  static MemorySegment upcall(
      MethodHandles.Lookup lookup, String name, FunctionDescriptor descriptor) {
    try {
      MethodHandle target =
          lookup.findStatic(lookup.lookupClass(), name, descriptor.toMethodType());
      return LINKER.upcallStub(target, descriptor, Arena.global());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("upcall target missing: " + name, e);
    }
  }

  /** An upcall stub for {@code target} (of the descriptor's type), alive for the whole process. */
  static MemorySegment upcall(MethodHandle target, FunctionDescriptor descriptor) {
    return LINKER.upcallStub(target, descriptor, Arena.global());
  }

  /** The UTF-8 C string at {@code pointer}, or {@code null} for a NULL pointer. */
  static String readCString(MemorySegment pointer) {
    if (pointer.address() == 0) {
      return null;
    }
    return pointer.reinterpret(MAX_C_STRING_BYTES).getString(0, StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code value} as a NUL-terminated UTF-8 string into a buffer of {@code capacity} bytes.
   *
   * @return false (and writes nothing) if it does not fit
   */
  static boolean writeCString(String value, MemorySegment buffer, int capacity) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length + 1 > capacity) {
      return false;
    }
    MemorySegment target = buffer.reinterpret(capacity);
    MemorySegment.copy(bytes, 0, target, JAVA_BYTE, 0, bytes.length);
    target.set(JAVA_BYTE, bytes.length, (byte) 0);
    return true;
  }

  /**
   * Writes as much of {@code value} as fits (at least the NUL) into a buffer of {@code capacity}
   * bytes.
   */
  static void writeTruncatedCString(String value, MemorySegment buffer, int capacity) {
    if (capacity <= 0 || buffer.address() == 0) {
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, capacity - 1);
    MemorySegment target = buffer.reinterpret(capacity);
    MemorySegment.copy(bytes, 0, target, JAVA_BYTE, 0, length);
    target.set(JAVA_BYTE, length, (byte) 0);
  }
}
