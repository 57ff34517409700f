package io.mvsqlite.agent;

import io.mvsqlite.client.AutocommitRetry;
import io.mvsqlite.client.ClientConfig;
import io.mvsqlite.protocol.MvException;
import java.lang.instrument.Instrumentation;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * {@code java -javaagent:mvsqlite-agent.jar -jar app.jar}: every database that the unmodified
 * program opens through sqlite-jdbc becomes an mvSQLite namespace, and its autocommit statements
 * that hit a conflict are retried. See docs/drop-in.md.
 *
 * <p>At start the agent
 *
 * <ol>
 *   <li>gives the class path native access ({@link NativeAccessGrant}), unless the JVM already has
 *       it;
 *   <li>reads the configuration ({@code MVSQLITE_*} variables, {@code -Dmvsqlite.*} properties) and
 *       fails the start with the message if it is invalid;
 *   <li>connects its hooks to {@link AgentBridge}, where instrumented sqlite-jdbc code finds them;
 *   <li>registers {@link NativeDbTransformer} with the native-method prefix {@value
 *       NativeDbTransformer#NATIVE_PREFIX}.
 * </ol>
 *
 * <p>Nothing is installed until the program opens its first database: then the instrumented
 * sqlite-jdbc calls the agent, which installs mvSQLite as the default VFS in the copy of SQLite of
 * the class loader that loaded it ({@link AgentHooks}). Programs that never open a database pay
 * only for the agent's start.
 *
 * <p><b>Attached late</b> ({@code Agent-Class}, the attach API): copies of sqlite-jdbc already
 * loaded are installed at once, but their {@code step} cannot be wrapped any more (a loaded class
 * cannot gain methods), so only copies loaded afterwards retry conflicting autocommit statements.
 * Connections already open keep their VFS.
 *
 * <p>Errors at start are printed on stderr with the prefix {@code mvsqlite agent:} and abort the
 * start (with {@code -javaagent}, the JVM does not run the program): a program that asked for
 * mvSQLite must not silently write local files.
 */
public final class MvSqliteAgent {

  /**
   * Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its
   * level.
   */
  private static final java.util.logging.Logger CLIENT_LOG =
      java.util.logging.Logger.getLogger("io.mvsqlite");

  /**
   * msgpack-core reads it once: {@code true} keeps it off {@code sun.misc.Unsafe}, which JDK 25
   * warns about.
   */
  private static final String MSGPACK_UNIVERSAL_BUFFER = "msgpack.universal-buffer";

  /**
   * Guards against a second start in one JVM (two {@code -javaagent} options, or a later attach).
   */
  private static boolean started; // guarded by MvSqliteAgent.class

  private MvSqliteAgent() {}

  /** The {@code -javaagent} entry point; {@code args} are not used. */
  public static void premain(String args, Instrumentation inst) {
    start(inst, false);
  }

  /** The attach-API entry point; {@code args} are not used. */
  public static void agentmain(String args, Instrumentation inst) {
    start(inst, true);
  }

  private static synchronized void start(Instrumentation inst, boolean attached) {
    if (started) {
      System.err.println("mvsqlite agent: already running in this JVM; ignoring the second start");
      return;
    }
    if (!NativeAccessGrant.grant(inst)) {
      throw fail(
          "cannot enable native access for mvSQLite's SQLite binding; start the JVM with"
              + " --enable-native-access=ALL-UNNAMED");
    }
    AutocommitRetry retry;
    try {
      ClientConfig.fromProcess();
      retry = AutocommitRetry.fromProcess();
    } catch (MvException e) {
      throw fail(e.getMessage());
    }
    quietLibraries();
    AgentHooks hooks = new AgentHooks(retry);
    AgentBridge.connect(hooks.handles());

    boolean prefixes = inst.isNativeMethodPrefixSupported();
    if (!prefixes) {
      System.err.println(
          "mvsqlite agent: this JVM cannot set native method prefixes (the manifest asks for it);"
              + " autocommit statements that conflict will not be retried");
    }
    NativeDbTransformer transformer =
        new NativeDbTransformer(prefixes, module -> openToAgent(inst, module));
    inst.addTransformer(transformer, false);
    if (prefixes) {
      inst.setNativeMethodPrefix(transformer, NativeDbTransformer.NATIVE_PREFIX);
    }
    started = true;
    if (attached) {
      installIntoLoadedCopies(inst, hooks);
    }
  }

  /**
   * Lets the client reflect on {@code NativeDB.pointer} of sqlite-jdbc in a named module (the
   * module path) as it does on the class path.
   */
  private static void openToAgent(Instrumentation inst, Module sqliteJdbc) {
    Module agent = MvSqliteAgent.class.getModule();
    inst.redefineModule(
        sqliteJdbc,
        Set.of(),
        Map.of(),
        Map.of("org.sqlite.core", Set.of(agent)),
        Set.of(),
        Map.of());
  }

  /**
   * Keeps the program's stderr clean: mvSQLite's own log lines (SLF4J, relocated, to
   * java.util.logging) from warning level on, unless the program's logging configuration names a
   * level for {@code io.mvsqlite}; and the agent's (relocated) msgpack initialized without {@code
   * sun.misc.Unsafe}, with the system property it reads restored afterwards so that a msgpack of
   * the program's own is not affected.
   */
  private static void quietLibraries() {
    if (LogManager.getLogManager().getProperty(CLIENT_LOG.getName() + ".level") == null) {
      CLIENT_LOG.setLevel(Level.WARNING);
    }
    String previous = System.getProperty(MSGPACK_UNIVERSAL_BUFFER);
    System.setProperty(MSGPACK_UNIVERSAL_BUFFER, "true");
    try {
      // The shaded jar rewrites this name to the agent's relocated copy.
      Class.forName(
          "org.msgpack.core.buffer.MessageBuffer", true, MvSqliteAgent.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // Without msgpack nothing works anyway; the first request will say so.
    } finally {
      if (previous == null) {
        System.clearProperty(MSGPACK_UNIVERSAL_BUFFER);
      } else {
        System.setProperty(MSGPACK_UNIVERSAL_BUFFER, previous);
      }
    }
  }

  private static void installIntoLoadedCopies(Instrumentation inst, AgentHooks hooks) {
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (type.getName().equals(NativeDbTransformer.TARGET.replace('/', '.'))) {
        try {
          hooks.install(type);
          System.err.println(
              "mvsqlite agent: sqlite-jdbc was loaded before the agent attached (by "
                  + type.getClassLoader()
                  + "); new connections use mvSQLite, but conflicting autocommit statements"
                  + " are not retried");
        } catch (SQLException e) {
          // install() has printed the reason; other copies may still work.
        }
      }
    }
  }

  private static IllegalStateException fail(String message) {
    System.err.println("mvsqlite agent: " + message);
    return new IllegalStateException("mvsqlite agent: " + message);
  }
}
