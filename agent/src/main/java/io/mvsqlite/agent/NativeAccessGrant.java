package io.mvsqlite.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Gives the class path (all unnamed modules) native access, as {@code
 * --enable-native-access=ALL-UNNAMED} would, so that {@code java -javaagent:mvsqlite-agent.jar -jar
 * app.jar} works without more options: mvSQLite's SQLite binding uses the Foreign Function &amp;
 * Memory API, whose restricted methods need it (sqlite-jdbc's own {@code System.load} then stops
 * warning too).
 *
 * <p>An agent may open any package to itself ({@link Instrumentation#redefineModule}); the grant
 * opens {@code java.lang} to the agent and calls the JDK's own {@code
 * Module.implAddEnableNativeAccessToAllUnnamed()}, the method the {@code java} launcher uses for
 * the {@code Enable-Native-Access} manifest attribute. That method is internal: if a future JDK
 * renames it, {@link #grant} fails and the agent asks for the option instead.
 */
final class NativeAccessGrant {

  private NativeAccessGrant() {}

  /**
   * Ensures native access for the agent's module (and with it every unnamed module).
   *
   * @return true if native access is now enabled
   */
  static boolean grant(Instrumentation inst) {
    Module agent = NativeAccessGrant.class.getModule();
    if (agent.isNativeAccessEnabled()) {
      return true;
    }
    try {
      inst.redefineModule(
          Object.class.getModule(),
          Set.of(),
          Map.of(),
          Map.of("java.lang", Set.of(agent)),
          Set.of(),
          Map.of());
      Method enable = Module.class.getDeclaredMethod("implAddEnableNativeAccessToAllUnnamed");
      enable.setAccessible(true);
      enable.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
    return agent.isNativeAccessEnabled();
  }
}
