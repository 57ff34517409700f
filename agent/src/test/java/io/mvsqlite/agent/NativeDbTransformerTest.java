package io.mvsqlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The transformation of the real {@code NativeDB} of the sqlite-jdbc on the class path. */
class NativeDbTransformerTest {

  private static byte[] nativeDbBytes() throws Exception {
    try (InputStream in = org.sqlite.core.NativeDB.class.getResourceAsStream("NativeDB.class")) {
      return in.readAllBytes();
    }
  }

  private static Optional<MethodModel> method(ClassModel model, String name) {
    return model.methods().stream().filter(m -> m.methodName().equalsString(name)).findFirst();
  }

  @Test
  void stepAndExecBecomeJavaWrappersAroundPrefixedNatives() throws Exception {
    byte[] out = NativeDbTransformer.instrument(nativeDbBytes(), getClass().getClassLoader(), true);

    assertThat(ClassFile.of().verify(out)).as("verification errors").isEmpty();
    ClassModel model = ClassFile.of().parse(out);
    for (String name : List.of("step", "_exec_utf8")) {
      MethodModel wrapper = method(model, name).orElseThrow();
      MethodModel renamed = method(model, NativeDbTransformer.NATIVE_PREFIX + name).orElseThrow();
      assertThat(wrapper.flags().has(AccessFlag.NATIVE)).as(name).isFalse();
      assertThat(wrapper.flags().has(AccessFlag.SYNCHRONIZED)).as(name).isTrue();
      assertThat(renamed.flags().has(AccessFlag.NATIVE)).as(name).isTrue();
      assertThat(renamed.flags().has(AccessFlag.PRIVATE)).as(name).isTrue();
      assertThat(renamed.methodType().stringValue()).isEqualTo(wrapper.methodType().stringValue());
      assertThat(calls(wrapper)).contains(NativeDbTransformer.NATIVE_PREFIX + name, "invokeExact");
    }
    assertThat(calls(method(model, "_open").orElseThrow()).getFirst()).isEqualTo("invokeExact");
    assertThat(calls(method(model, "<clinit>").orElseThrow()))
        .startsWith("getSystemClassLoader", "forName");
    assertThat(model.fields().stream().map(f -> f.fieldName().stringValue()))
        .contains(
            NativeDbTransformer.OPEN_HOOK,
            NativeDbTransformer.STEP_HOOK,
            NativeDbTransformer.RETRY_HOOK,
            NativeDbTransformer.EXEC_HOOK,
            NativeDbTransformer.ERROR_HOOK);
  }

  @Test
  void withoutPrefixSupportOnlyTheInstallHookIsAdded() throws Exception {
    byte[] out =
        NativeDbTransformer.instrument(nativeDbBytes(), getClass().getClassLoader(), false);

    assertThat(ClassFile.of().verify(out)).isEmpty();
    ClassModel model = ClassFile.of().parse(out);
    assertThat(method(model, "step").orElseThrow().flags().has(AccessFlag.NATIVE)).isTrue();
    assertThat(method(model, NativeDbTransformer.NATIVE_PREFIX + "step")).isEmpty();
    assertThat(calls(method(model, "_open").orElseThrow()).getFirst()).isEqualTo("invokeExact");
  }

  @Test
  void aClassWithoutOpenIsRefused() {
    byte[] empty = ClassFile.of().build(ClassDesc.of("org.sqlite.core.NativeDB"), b -> {});
    assertThatThrownBy(
            () -> NativeDbTransformer.instrument(empty, getClass().getClassLoader(), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("_open");
  }

  private static List<String> calls(MethodModel method) {
    return method
        .code()
        .orElseThrow()
        .elementStream()
        .filter(e -> e instanceof InvokeInstruction)
        .map(e -> ((InvokeInstruction) e).name().stringValue())
        .toList();
  }
}
