package io.mvsqlite.agent;

import static java.lang.constant.ConstantDescs.CD_Class;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_Throwable;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.AccessFlag;
import java.security.ProtectionDomain;
import java.util.function.Consumer;

/**
 * Instruments sqlite-jdbc's {@code org.sqlite.core.NativeDB} as it is loaded, in whichever class
 * loader loads it, with the JDK's class-file API ({@code java.lang.classfile}):
 *
 * <ol>
 *   <li>five {@code private static final MethodHandle} fields, set at the start of the static
 *       initializer from {@link AgentBridge#hooks()}, which is reached reflectively through the
 *       system class loader (so the instrumented class links against {@code java.base} only, see
 *       {@link AgentBridge});
 *   <li><b>{@code _open(String, int)}</b>, which every connection of that copy of SQLite goes
 *       through before {@code sqlite3_open_v2}, first calls the open hook: the agent installs
 *       mvSQLite as the default VFS of exactly that copy, on its first open;
 *   <li><b>{@code step(long)}</b> (and likewise {@code _exec_utf8(byte[])}, see {@link #wrapExec}),
 *       a {@code native} method, is renamed {@value #NATIVE_PREFIX}{@code step} and a Java {@code
 *       step(long)} with the same flags (minus {@code native}) takes its place. The JVM still links
 *       the renamed native to sqlite-jdbc's C function {@code Java_org_sqlite_core_NativeDB_step},
 *       because the agent registered the prefix ({@code Instrumentation.setNativeMethodPrefix},
 *       JVMTI's native-method-prefix mechanism). The new method is, in Java terms:
 *       <pre>{@code
 * Object retry = $mvsqlite$beforeStep.invokeExact(this, this.pointer, stmt);
 * int rc = $mvsqlite$step(stmt);
 * while (retry != null && $mvsqlite$retryAfter.invokeExact(retry, rc)) {
 *   reset(stmt);
 *   rc = $mvsqlite$step(stmt);
 * }
 * return rc;
 * }</pre>
 * </ol>
 *
 * <p>{@code sqlite3_step} itself cannot be intercepted inside sqlite-jdbc (its JNI code calls
 * SQLite directly, and the library hides its symbols); the JNI entry point is the narrowest place
 * that sees every statement execution. {@code step} is {@code synchronized} on the connection, so
 * the retry runs under the connection's monitor, as the original step did.
 *
 * <p>A {@code NativeDB} without {@code _open(String, int)} cannot be used (nothing would install
 * mvSQLite, so the program would silently write local files): the transformer then reports it on
 * stderr and leaves the class alone. One without a native {@code step(long)}, {@code reset(long)}
 * or a {@code long pointer} field gets the install hook only, and a warning.
 *
 * <p>Stateless apart from its configuration; thread-safe.
 */
final class NativeDbTransformer implements ClassFileTransformer {

  /** The internal name of the instrumented class. */
  static final String TARGET = "org/sqlite/core/NativeDB";

  /**
   * The prefix of renamed native methods (registered with {@code
   * Instrumentation.setNativeMethodPrefix}) and of the added fields.
   */
  static final String NATIVE_PREFIX = "$mvsqlite$";

  static final String OPEN_HOOK = NATIVE_PREFIX + "beforeOpen";
  static final String STEP_HOOK = NATIVE_PREFIX + "beforeStep";
  static final String RETRY_HOOK = NATIVE_PREFIX + "retryAfter";
  static final String EXEC_HOOK = NATIVE_PREFIX + "beforeExec";
  static final String ERROR_HOOK = NATIVE_PREFIX + "retryAfterError";

  /** The added fields, in the order of {@link AgentBridge#TYPES}. */
  private static final String[] HOOK_FIELDS = {
    OPEN_HOOK, STEP_HOOK, RETRY_HOOK, EXEC_HOOK, ERROR_HOOK
  };

  private static final ClassDesc CD_METHOD_HANDLE = ClassDesc.of("java.lang.invoke.MethodHandle");
  private static final ClassDesc CD_CLASS_LOADER = ClassDesc.of("java.lang.ClassLoader");
  private static final ClassDesc CD_METHOD = ClassDesc.of("java.lang.reflect.Method");
  private static final MethodTypeDesc OPEN_TYPE = MethodTypeDesc.of(CD_void, CD_String, CD_int);
  private static final MethodTypeDesc STEP_TYPE = MethodTypeDesc.of(CD_int, CD_long);
  private static final MethodTypeDesc BEFORE_OPEN = MethodTypeDesc.of(CD_void, CD_Object);
  private static final MethodTypeDesc BEFORE_STEP =
      MethodTypeDesc.of(CD_Object, CD_Object, CD_long, CD_long);
  private static final MethodTypeDesc RETRY_AFTER =
      MethodTypeDesc.of(CD_boolean, CD_Object, CD_int);
  private static final MethodTypeDesc EXEC_TYPE = MethodTypeDesc.of(CD_int, CD_byte.arrayType());
  private static final MethodTypeDesc BEFORE_EXEC =
      MethodTypeDesc.of(CD_Object, CD_Object, CD_long, CD_byte.arrayType());
  private static final MethodTypeDesc RETRY_AFTER_ERROR =
      MethodTypeDesc.of(CD_boolean, CD_Object, CD_Throwable);

  private final boolean wrapStep;
  private final Consumer<Module> onNamedModule;

  /**
   * @param wrapStep rename and wrap {@code step} (only when the native-method prefix is registered)
   * @param onNamedModule called with sqlite-jdbc's module when it is a named module (to open {@code
   *     org.sqlite.core} to the client, which reads {@code NativeDB.pointer} by reflection)
   */
  NativeDbTransformer(boolean wrapStep, Consumer<Module> onNamedModule) {
    this.wrapStep = wrapStep;
    this.onNamedModule = onNamedModule;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (!TARGET.equals(className) || classBeingRedefined != null) {
      return null;
    }
    try {
      if (module != null && module.isNamed()) {
        onNamedModule.accept(module);
      }
      return instrument(classfileBuffer, loader, wrapStep);
    } catch (Throwable t) {
      // An exception escaping a transformer is swallowed by the JVM; this one must be seen.
      System.err.println(
          "mvsqlite agent: cannot instrument sqlite-jdbc's NativeDB (loaded by "
              + loader
              + "): "
              + t
              + ". Its databases will NOT be stored in mvSQLite.");
      return null;
    }
  }

  /**
   * The instrumented class file.
   *
   * @param loader the loader defining the class, used to read class files when stack maps are
   *     computed
   * @throws IllegalStateException if the class has no {@code _open(String, int)} to hook
   */
  static byte[] instrument(byte[] classBytes, ClassLoader loader, boolean wrapStep) {
    ClassHierarchyResolver resolver =
        loader == null
            ? ClassHierarchyResolver.defaultResolver()
            : ClassHierarchyResolver.ofResourceParsing(loader)
                .orElse(ClassHierarchyResolver.defaultResolver());
    ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
    ClassModel model = classFile.parse(classBytes);
    ClassDesc self = model.thisClass().asSymbol();
    if (model.methods().stream().noneMatch(NativeDbTransformer::isOpen)) {
      throw new IllegalStateException(
          "this sqlite-jdbc's NativeDB has no _open(String, int) to hook");
    }
    boolean canWrap =
        wrapStep
            && model.methods().stream().anyMatch(NativeDbTransformer::isNativeStep)
            && model.methods().stream().anyMatch(NativeDbTransformer::isNativeExec)
            && model.methods().stream().anyMatch(m -> named(m, "reset", STEP_TYPE))
            && model.fields().stream().anyMatch(NativeDbTransformer::isPointer);
    if (wrapStep && !canWrap) {
      System.err.println(
          "mvsqlite agent: this sqlite-jdbc's NativeDB has no native step(long), _exec_utf8(byte[]),"
              + " reset(long) and long pointer; autocommit statements that conflict will not be retried");
    }
    boolean hasClinit = model.methods().stream().anyMatch(NativeDbTransformer::isClinit);
    ClassTransform rewrite =
        (builder, element) -> {
          if (element instanceof MethodModel method && isOpen(method)) {
            builder.transformMethod(
                method,
                MethodTransform.transformingCode(
                    prepend(
                        code ->
                            code.getstatic(self, OPEN_HOOK, CD_METHOD_HANDLE)
                                .aload(0)
                                .invokevirtual(CD_METHOD_HANDLE, "invokeExact", BEFORE_OPEN))));
          } else if (element instanceof MethodModel method && isClinit(method)) {
            builder.transformMethod(
                method, MethodTransform.transformingCode(prepend(code -> loadHooks(code, self))));
          } else if (canWrap && element instanceof MethodModel method && isNativeStep(method)) {
            wrapStep(builder, method, self);
          } else if (canWrap && element instanceof MethodModel method && isNativeExec(method)) {
            wrapExec(builder, method, self);
          } else {
            builder.with(element);
          }
        };
    ClassTransform addHooks =
        ClassTransform.endHandler(
            builder -> {
              int flags =
                  ClassFile.ACC_PRIVATE
                      | ClassFile.ACC_STATIC
                      | ClassFile.ACC_FINAL
                      | ClassFile.ACC_SYNTHETIC;
              for (String hook : HOOK_FIELDS) {
                builder.withField(hook, CD_METHOD_HANDLE, flags);
              }
              if (!hasClinit) {
                builder.withMethodBody(
                    "<clinit>",
                    MethodTypeDesc.of(CD_void),
                    ClassFile.ACC_STATIC,
                    code -> {
                      loadHooks(code, self);
                      code.return_();
                    });
              }
            });
    return classFile.transformClass(model, rewrite.andThen(addHooks));
  }

  /**
   * {@code hooks = (MethodHandle[]) Class.forName("io.mvsqlite.agent.AgentBridge", true,
   * ClassLoader.getSystemClassLoader()).getMethod("hooks").invoke(null);} then one field per hook.
   */
  private static void loadHooks(CodeBuilder code, ClassDesc self) {
    code.ldc(AgentBridge.class.getName())
        .iconst_1()
        .invokestatic(CD_CLASS_LOADER, "getSystemClassLoader", MethodTypeDesc.of(CD_CLASS_LOADER))
        .invokestatic(
            CD_Class,
            "forName",
            MethodTypeDesc.of(CD_Class, CD_String, CD_boolean, CD_CLASS_LOADER))
        .ldc("hooks")
        .iconst_0()
        .anewarray(CD_Class)
        .invokevirtual(
            CD_Class, "getMethod", MethodTypeDesc.of(CD_METHOD, CD_String, CD_Class.arrayType()))
        .aconst_null()
        .iconst_0()
        .anewarray(CD_Object)
        .invokevirtual(
            CD_METHOD, "invoke", MethodTypeDesc.of(CD_Object, CD_Object, CD_Object.arrayType()))
        .checkcast(CD_METHOD_HANDLE.arrayType());
    for (int i = 0; i < HOOK_FIELDS.length; i++) {
      if (i < HOOK_FIELDS.length - 1) {
        code.dup();
      }
      code.loadConstant(i).aaload().putstatic(self, HOOK_FIELDS[i], CD_METHOD_HANDLE);
    }
  }

  private static CodeTransform prepend(Consumer<CodeBuilder> prologue) {
    return new CodeTransform() {
      @Override
      public void atStart(CodeBuilder code) {
        prologue.accept(code);
      }

      @Override
      public void accept(CodeBuilder code, CodeElement element) {
        code.with(element);
      }
    };
  }

  private static void wrapStep(ClassBuilder builder, MethodModel nativeStep, ClassDesc self) {
    int flags = nativeStep.flags().flagsMask();
    int renamedFlags =
        (flags & ~(ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) | ClassFile.ACC_PRIVATE;
    builder.withMethod(NATIVE_PREFIX + "step", STEP_TYPE, renamedFlags, method -> {});
    builder.withMethodBody(
        "step",
        STEP_TYPE,
        flags & ~ClassFile.ACC_NATIVE,
        code -> {
          int retry = code.allocateLocal(TypeKind.REFERENCE);
          int rc = code.allocateLocal(TypeKind.INT);
          Label loop = code.newLabel();
          Label done = code.newLabel();
          code.getstatic(self, STEP_HOOK, CD_METHOD_HANDLE)
              .aload(0)
              .aload(0)
              .getfield(self, "pointer", CD_long)
              .lload(1)
              .invokevirtual(CD_METHOD_HANDLE, "invokeExact", BEFORE_STEP)
              .astore(retry)
              .aload(0)
              .lload(1)
              .invokespecial(self, NATIVE_PREFIX + "step", STEP_TYPE)
              .istore(rc)
              .labelBinding(loop)
              .aload(retry)
              .ifnull(done)
              .getstatic(self, RETRY_HOOK, CD_METHOD_HANDLE)
              .aload(retry)
              .iload(rc)
              .invokevirtual(CD_METHOD_HANDLE, "invokeExact", RETRY_AFTER)
              .ifeq(done)
              .aload(0)
              .lload(1)
              .invokevirtual(self, "reset", STEP_TYPE)
              .pop()
              .aload(0)
              .lload(1)
              .invokespecial(self, NATIVE_PREFIX + "step", STEP_TYPE)
              .istore(rc)
              .goto_(loop)
              .labelBinding(done)
              .iload(rc)
              .ireturn();
        });
  }

  /**
   * {@code _exec_utf8(byte[])} (the native behind {@code Statement.executeUpdate(sql)}: {@code
   * sqlite3_exec}, which throws sqlite-jdbc's exception on failure) becomes, in Java terms:
   *
   * <pre>{@code
   * Object retry = $mvsqlite$beforeExec.invokeExact(this, this.pointer, sql);
   * while (true) {
   *   try {
   *     return $mvsqlite$_exec_utf8(sql);
   *   } catch (Throwable t) {
   *     if (retry == null || !$mvsqlite$retryAfterError.invokeExact(retry, t)) throw t;
   *   }
   * }
   * }</pre>
   */
  private static void wrapExec(ClassBuilder builder, MethodModel nativeExec, ClassDesc self) {
    int flags = nativeExec.flags().flagsMask();
    int renamedFlags =
        (flags & ~(ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) | ClassFile.ACC_PRIVATE;
    builder.withMethod(
        NATIVE_PREFIX + "_exec_utf8",
        EXEC_TYPE,
        renamedFlags,
        method -> {
          nativeExec.findAttribute(Attributes.exceptions()).ifPresent(method::with);
        });
    builder.withMethod(
        "_exec_utf8",
        EXEC_TYPE,
        flags & ~ClassFile.ACC_NATIVE,
        method -> {
          nativeExec.findAttribute(Attributes.exceptions()).ifPresent(method::with);
          method.withCode(
              code -> {
                int retry = code.allocateLocal(TypeKind.REFERENCE);
                int error = code.allocateLocal(TypeKind.REFERENCE);
                Label loop = code.newLabel();
                Label tryStart = code.newLabel();
                Label tryEnd = code.newLabel();
                Label handler = code.newLabel();
                Label rethrow = code.newLabel();
                code.getstatic(self, EXEC_HOOK, CD_METHOD_HANDLE)
                    .aload(0)
                    .aload(0)
                    .getfield(self, "pointer", CD_long)
                    .aload(1)
                    .invokevirtual(CD_METHOD_HANDLE, "invokeExact", BEFORE_EXEC)
                    .astore(retry)
                    .labelBinding(loop)
                    .labelBinding(tryStart)
                    .aload(0)
                    .aload(1)
                    .invokespecial(self, NATIVE_PREFIX + "_exec_utf8", EXEC_TYPE)
                    .labelBinding(tryEnd)
                    .ireturn()
                    .labelBinding(handler)
                    .astore(error)
                    .aload(retry)
                    .ifnull(rethrow)
                    .getstatic(self, ERROR_HOOK, CD_METHOD_HANDLE)
                    .aload(retry)
                    .aload(error)
                    .invokevirtual(CD_METHOD_HANDLE, "invokeExact", RETRY_AFTER_ERROR)
                    .ifeq(rethrow)
                    .goto_(loop)
                    .labelBinding(rethrow)
                    .aload(error)
                    .athrow()
                    .exceptionCatchAll(tryStart, tryEnd, handler);
              });
        });
  }

  static boolean isNativeExec(MethodModel m) {
    return named(m, "_exec_utf8", EXEC_TYPE)
        && m.flags().has(AccessFlag.NATIVE)
        && !m.flags().has(AccessFlag.STATIC);
  }

  static boolean isOpen(MethodModel m) {
    return named(m, "_open", OPEN_TYPE)
        && !m.flags().has(AccessFlag.NATIVE)
        && !m.flags().has(AccessFlag.STATIC);
  }

  static boolean isNativeStep(MethodModel m) {
    return named(m, "step", STEP_TYPE)
        && m.flags().has(AccessFlag.NATIVE)
        && !m.flags().has(AccessFlag.STATIC);
  }

  private static boolean isClinit(MethodModel m) {
    return m.methodName().equalsString("<clinit>");
  }

  private static boolean isPointer(FieldModel f) {
    return f.fieldName().equalsString("pointer")
        && f.fieldTypeSymbol().equals(CD_long)
        && !f.flags().has(AccessFlag.STATIC);
  }

  private static boolean named(MethodModel m, String name, MethodTypeDesc type) {
    return m.methodName().equalsString(name) && m.methodTypeSymbol().equals(type);
  }
}
