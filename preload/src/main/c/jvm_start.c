/*
 * Starting mvSQLite's Java side inside the host program.
 *
 * A JDK 25 or newer is searched in this order, the first that has lib/server/libjvm.so and a `release` file saying
 * JAVA_VERSION 25 or newer wins:
 *   1. MVSQLITE_JAVA_HOME (if set, it must be such a JDK: no fallback, an explicit choice that is wrong is an error);
 *   2. JAVA_HOME;
 *   3. java_home of libmvsqlite_preload.conf (the JDK that built the project);
 *   4. /usr/lib/jvm/NAME for every NAME containing "25", in alphabetical order.
 * The class path is MVSQLITE_PRELOAD_CLASSPATH, else class_path of libmvsqlite_preload.conf, which the build writes
 * next to the library (the client jar and its dependencies, absolute paths). Every entry must exist.
 *
 * JVM options: the class path, --enable-native-access=ALL-UNNAMED (FFM), -Xrs (the program keeps its signals, e.g.
 * Ctrl-C in the shell), -XX:+UseSerialGC and a modest heap (-Xmx256m) for a small footprint, -XX:TieredStopAtLevel=1
 * (only the quick C1 compiler: start-up and short sessions are what matter here; the Java side waits on the network
 * far more than it computes, -XX:TieredStopAtLevel=4 in MVSQLITE_JAVA_OPTS restores C2), -XX:-UsePerfData (no
 * hsperfdata file in /tmp), --sun-misc-unsafe-memory-access=allow (quiet msgpack), warnings of the client to stderr
 * (slf4j-simple), then the words of MVSQLITE_JAVA_OPTS, which come last and so override the others.
 *
 * Then io.mvsqlite.client.NativeHost.start(libsqlite path) installs mvSQLite as the default VFS of the program's own
 * libsqlite3, and NativeHost.autocommitRetry() gives the retry policy. The creating thread detaches afterwards; the
 * JVM attaches whichever native thread later calls into the VFS.
 */
#define _GNU_SOURCE
#include "mvsqlite_preload.h"

#include <dlfcn.h>
#include <glob.h>
#include <jni.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIN_JAVA_FEATURE 25
#define CONF_NAME "libmvsqlite_preload.conf"
#define MAX_OPTIONS 64

struct conf {
  char *path;
  char *java_home;
  char *class_path;
};

/* The feature version of the JDK at home (25 for JAVA_VERSION="25.0.3"); 0 if unknown; -1 without libjvm.so. */
static int java_feature(const char *home) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/lib/server/libjvm.so", home);
  if (access(path, R_OK) != 0) {
    return -1;
  }
  snprintf(path, sizeof path, "%s/release", home);
  FILE *release = fopen(path, "r");
  if (release == NULL) {
    return 0;
  }
  int feature = 0;
  char *line = NULL;
  size_t size = 0;
  while (getline(&line, &size, release) > 0) {
    if (strncmp(line, "JAVA_VERSION=\"", 14) == 0) {
      feature = atoi(line + 14); /* "1.8.0" reads as 1: too old, as it should */
      break;
    }
  }
  free(line);
  fclose(release);
  return feature;
}

/* What java_feature found, for messages. */
static const char *describe(int feature, char *buffer, size_t size) {
  if (feature < 0) {
    snprintf(buffer, size, "no lib/server/libjvm.so");
  } else if (feature == 0) {
    snprintf(buffer, size, "no Java version in its release file");
  } else {
    snprintf(buffer, size, "Java %d", feature);
  }
  return buffer;
}

__attribute__((format(printf, 3, 4))) static void append(char *out, size_t size, const char *format, ...) {
  size_t used = strlen(out);
  if (used + 1 >= size) {
    return;
  }
  va_list args;
  va_start(args, format);
  vsnprintf(out + used, size - used, format, args);
  va_end(args);
}

/* A JDK home to use (caller frees), or NULL after printing what was tried. */
static char *find_java_home(const struct conf *conf) {
  const char *explicit_home = getenv("MVSQLITE_JAVA_HOME");
  if (explicit_home != NULL && *explicit_home != '\0') {
    int feature = java_feature(explicit_home);
    if (feature >= MIN_JAVA_FEATURE) {
      return strdup(explicit_home);
    }
    char what[64];
    fprintf(stderr,
            MV_LOG_PREFIX "MVSQLITE_JAVA_HOME=%s is not a JDK %d or newer (%s); point it at one, e.g."
                          " /usr/lib/jvm/temurin-25-jdk-amd64\n",
            explicit_home, MIN_JAVA_FEATURE, describe(feature, what, sizeof what));
    return NULL;
  }
  char tried[4096] = "";
  char what[64];
  const char *java_home = getenv("JAVA_HOME");
  if (java_home != NULL && *java_home != '\0') {
    int feature = java_feature(java_home);
    if (feature >= MIN_JAVA_FEATURE) {
      return strdup(java_home);
    }
    append(tried, sizeof tried, " JAVA_HOME=%s (%s);", java_home, describe(feature, what, sizeof what));
  } else {
    append(tried, sizeof tried, " JAVA_HOME (unset);");
  }
  if (conf->java_home != NULL) {
    int feature = java_feature(conf->java_home);
    if (feature >= MIN_JAVA_FEATURE) {
      return strdup(conf->java_home);
    }
    append(tried, sizeof tried, " the build's JDK %s (%s);", conf->java_home, describe(feature, what, sizeof what));
  }
  glob_t found;
  char *home = NULL;
  if (glob("/usr/lib/jvm/*25*", GLOB_ONLYDIR, NULL, &found) == 0) {
    for (size_t i = 0; i < found.gl_pathc && home == NULL; i++) {
      int feature = java_feature(found.gl_pathv[i]);
      if (feature >= MIN_JAVA_FEATURE) {
        home = strdup(found.gl_pathv[i]);
      } else {
        append(tried, sizeof tried, " %s (%s);", found.gl_pathv[i], describe(feature, what, sizeof what));
      }
    }
    globfree(&found);
  } else {
    append(tried, sizeof tried, " /usr/lib/jvm/*25* (nothing there);");
  }
  if (home == NULL) {
    fprintf(stderr,
            MV_LOG_PREFIX "no JDK %d or newer found. Tried:%s Install one (e.g. Temurin 25) and set"
                          " MVSQLITE_JAVA_HOME (or JAVA_HOME) to it.\n",
            MIN_JAVA_FEATURE, tried);
  }
  return home;
}

/* Reads the key=value lines of the conf file next to this library; keys it does not know are ignored. */
static void read_conf(const char *self_path, struct conf *conf) {
  char *copy = strdup(self_path);
  char *slash = strrchr(copy, '/');
  const char *dir = ".";
  if (slash != NULL) {
    *slash = '\0';
    dir = *copy != '\0' ? copy : "/";
  }
  if (asprintf(&conf->path, "%s/%s", dir, CONF_NAME) < 0) {
    conf->path = NULL;
  }
  free(copy);
  FILE *file = conf->path != NULL ? fopen(conf->path, "r") : NULL;
  if (file == NULL) {
    return;
  }
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  while ((length = getline(&line, &size, file)) > 0) {
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
      line[--length] = '\0';
    }
    char *eq = strchr(line, '=');
    if (line[0] == '#' || eq == NULL || eq[1] == '\0' || eq[1] == '$') { /* '$': an unfiltered placeholder */
      continue;
    }
    *eq = '\0';
    if (strcmp(line, "java_home") == 0) {
      free(conf->java_home);
      conf->java_home = strdup(eq + 1);
    } else if (strcmp(line, "class_path") == 0) {
      free(conf->class_path);
      conf->class_path = strdup(eq + 1);
    }
  }
  free(line);
  fclose(file);
}

/* The class path to use (caller frees), or NULL after printing what is missing. */
static char *find_class_path(const struct conf *conf) {
  const char *given = getenv("MVSQLITE_PRELOAD_CLASSPATH");
  const char *source = "MVSQLITE_PRELOAD_CLASSPATH";
  if (given == NULL || *given == '\0') {
    given = conf->class_path;
    source = conf->path;
  }
  if (given == NULL) {
    fprintf(stderr,
            MV_LOG_PREFIX "mvSQLite's Java classes are not found: %s is missing or has no class_path. Build the"
                          " project as its README says (it writes that file next to libmvsqlite_preload.so), or set"
                          " MVSQLITE_PRELOAD_CLASSPATH (e.g. to the mvsqlite-agent jar).\n",
            conf->path != NULL ? conf->path : CONF_NAME);
    return NULL;
  }
  char *copy = strdup(given);
  char *save = NULL;
  int missing = 0;
  for (char *entry = strtok_r(copy, ":", &save); entry != NULL; entry = strtok_r(NULL, ":", &save)) {
    if (access(entry, R_OK) != 0) {
      fprintf(stderr, MV_LOG_PREFIX "class path entry %s (from %s) does not exist\n", entry, source);
      missing++;
    }
  }
  free(copy);
  if (missing > 0) {
    fprintf(stderr, MV_LOG_PREFIX "%d class path entries are missing: rebuild the project (its README says how)\n",
            missing);
    return NULL;
  }
  return strdup(given);
}

/* Adds the whitespace-separated words of MVSQLITE_JAVA_OPTS; returns the new option count. */
static int add_user_options(JavaVMOption *options, int count, char **words_out) {
  const char *opts = getenv("MVSQLITE_JAVA_OPTS");
  *words_out = NULL;
  if (opts == NULL) {
    return count;
  }
  char *words = strdup(opts);
  char *save = NULL;
  for (char *word = strtok_r(words, " \t\n", &save); word != NULL && count < MAX_OPTIONS;
       word = strtok_r(NULL, " \t\n", &save)) {
    options[count++].optionString = word;
  }
  *words_out = words;
  return count;
}

static int call_native_host(JNIEnv *env, const char *libsqlite_path, struct mv_retry_policy *policy) {
  jclass host = (*env)->FindClass(env, "io/mvsqlite/client/NativeHost");
  if (host == NULL) {
    (*env)->ExceptionDescribe(env);
    fprintf(stderr, MV_LOG_PREFIX "io.mvsqlite.client.NativeHost is not on the class path: rebuild the project\n");
    return -1;
  }
  jmethodID start = (*env)->GetStaticMethodID(env, host, "start", "(Ljava/lang/String;)Ljava/lang/String;");
  jmethodID retry = (*env)->GetStaticMethodID(env, host, "autocommitRetry", "()[J");
  if (start == NULL || retry == NULL) {
    (*env)->ExceptionDescribe(env);
    fprintf(stderr, MV_LOG_PREFIX "NativeHost lacks start(String) or autocommitRetry(): the jars do not match\n");
    return -1;
  }
  jstring path = (*env)->NewStringUTF(env, libsqlite_path);
  jstring error = path == NULL ? NULL : (jstring) (*env)->CallStaticObjectMethod(env, host, start, path);
  if ((*env)->ExceptionCheck(env)) {
    (*env)->ExceptionDescribe(env);
    fprintf(stderr, MV_LOG_PREFIX "NativeHost.start failed\n");
    return -1;
  }
  if (error != NULL) {
    const char *message = (*env)->GetStringUTFChars(env, error, NULL);
    fprintf(stderr, MV_LOG_PREFIX "%s\n", message != NULL ? message : "NativeHost.start failed");
    if (message != NULL) {
      (*env)->ReleaseStringUTFChars(env, error, message);
    }
    return -1;
  }
  jlongArray numbers = (jlongArray) (*env)->CallStaticObjectMethod(env, host, retry);
  if ((*env)->ExceptionCheck(env) || numbers == NULL || (*env)->GetArrayLength(env, numbers) < 3) {
    (*env)->ExceptionDescribe(env);
    fprintf(stderr, MV_LOG_PREFIX "NativeHost.autocommitRetry failed\n");
    return -1;
  }
  jlong values[3];
  (*env)->GetLongArrayRegion(env, numbers, 0, 3, values);
  policy->max_retries = (long) values[0];
  policy->first_delay_us = (long long) values[1];
  policy->max_delay_us = (long long) values[2];
  return 0;
}

int mv_start_jvm(const char *libsqlite_path, const char *self_path, struct mv_retry_policy *policy) {
  struct conf conf = {NULL, NULL, NULL};
  read_conf(self_path, &conf);
  int result = -1;
  char *home = find_java_home(&conf);
  char *class_path = home != NULL ? find_class_path(&conf) : NULL;
  char *class_path_option = NULL;
  char *user_words = NULL;
  if (class_path == NULL || asprintf(&class_path_option, "-Djava.class.path=%s", class_path) < 0) {
    goto done;
  }
  char libjvm[PATH_MAX];
  snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", home);
  void *jvm = dlopen(libjvm, RTLD_NOW | RTLD_LOCAL);
  if (jvm == NULL) {
    fprintf(stderr, MV_LOG_PREFIX "cannot load %s: %s\n", libjvm, dlerror());
    goto done;
  }
  jint (*create)(JavaVM **, void **, void *) =
      (jint (*)(JavaVM **, void **, void *)) dlsym(jvm, "JNI_CreateJavaVM");
  if (create == NULL) {
    fprintf(stderr, MV_LOG_PREFIX "%s has no JNI_CreateJavaVM\n", libjvm);
    goto done;
  }
  JavaVMOption options[MAX_OPTIONS];
  memset(options, 0, sizeof options);
  int count = 0;
  options[count++].optionString = class_path_option;
  options[count++].optionString = "--enable-native-access=ALL-UNNAMED";
  options[count++].optionString = "--sun-misc-unsafe-memory-access=allow";
  options[count++].optionString = "-Xrs";
  options[count++].optionString = "-XX:+UseSerialGC";
  options[count++].optionString = "-XX:TieredStopAtLevel=1";
  options[count++].optionString = "-Xmx256m";
  options[count++].optionString = "-XX:-UsePerfData";
  options[count++].optionString = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";
  options[count++].optionString = "-Dorg.slf4j.simpleLogger.logFile=System.err";
  options[count++].optionString = "-Dorg.slf4j.simpleLogger.showThreadName=false";
  count = add_user_options(options, count, &user_words);

  JavaVMInitArgs args;
  args.version = JNI_VERSION_10;
  args.nOptions = count;
  args.options = options;
  args.ignoreUnrecognized = JNI_FALSE;
  JavaVM *vm = NULL;
  JNIEnv *env = NULL;
  jint rc = create(&vm, (void **) &env, &args);
  if (rc != JNI_OK) {
    fprintf(stderr, MV_LOG_PREFIX "JNI_CreateJavaVM with %s failed (%d%s)\n", home, (int) rc,
            rc == JNI_EEXIST ? ": this process already runs a JVM" : "; see the JVM's message above");
    goto done;
  }
  result = call_native_host(env, libsqlite_path, policy);
  (*vm)->DetachCurrentThread(vm);

done:
  free(user_words);
  free(class_path_option);
  free(class_path);
  free(home);
  free(conf.path);
  free(conf.java_home);
  free(conf.class_path);
  return result;
}
