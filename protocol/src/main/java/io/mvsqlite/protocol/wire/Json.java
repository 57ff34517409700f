package io.mvsqlite.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.Version;
import java.io.IOException;

/**
 * The JSON mapper for request and response bodies: unknown fields ignored (the reference's clients
 * send extra ones), versions as 20-hex-digit strings. Parse failures become {@link
 * ErrorCode#MALFORMED_REQUEST}; an invalid version inside a body becomes {@link
 * ErrorCode#BAD_VERSION}.
 */
public final class Json {

  private static final ObjectMapper MAPPER = createMapper();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "a JSON body is required");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw new MvException(ErrorCode.MALFORMED_REQUEST, "a JSON object is required, got null");
      }
      return value;
    } catch (IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof MvException mv) {
          throw mv;
        }
      }
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "malformed JSON: " + firstLine(e.getMessage()), e);
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new MvException(ErrorCode.INTERNAL, "cannot encode JSON: " + e.getMessage(), e);
    }
  }

  public static String writeString(Object value) {
    return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static ObjectMapper createMapper() {
    SimpleModule versions = new SimpleModule("mvsqlite-versions");
    versions.addSerializer(
        Version.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Version v, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(v.hex());
          }
        });
    versions.addDeserializer(
        Version.class,
        new JsonDeserializer<>() {
          @Override
          public Version deserialize(JsonParser p, DeserializationContext c) throws IOException {
            if (!p.currentToken().isScalarValue()) {
              throw new MvException(
                  ErrorCode.BAD_VERSION, "a version is a string of 20 hex digits");
            }
            return Version.parse(p.getValueAsString());
          }
        });
    return new ObjectMapper()
        .registerModule(versions)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
  }
}
