package io.mvsqlite.protocol.wire;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;

/**
 * A decoded MessagePack struct, read the way the reference server's rmp-serde reads one: either a
 * map keyed by field name or a positional array in declaration order. Unknown fields are ignored;
 * absent optional fields read as null. Every type mismatch is a {@link
 * ErrorCode#MALFORMED_REQUEST}.
 */
final class MsgStruct {

  private final String type;
  private final Map<String, Value> fields;

  private MsgStruct(String type, Map<String, Value> fields) {
    this.type = type;
    this.fields = fields;
  }

  static MsgStruct decode(byte[] frame, String type, List<String> fieldOrder) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
      Value v = u.unpackValue();
      if (u.hasNext()) {
        throw malformed(type, "trailing bytes after the message");
      }
      Map<String, Value> fields = new HashMap<>();
      if (v.isMapValue()) {
        for (Map.Entry<Value, Value> e : v.asMapValue().entrySet()) {
          if (!e.getKey().isStringValue()) {
            throw malformed(type, "map key is not a string");
          }
          fields.put(e.getKey().asStringValue().asString(), e.getValue());
        }
      } else if (v.isArrayValue()) {
        List<Value> items = v.asArrayValue().list();
        for (int i = 0; i < items.size() && i < fieldOrder.size(); i++) {
          fields.put(fieldOrder.get(i), items.get(i));
        }
      } else {
        throw malformed(type, "expected a map or an array, got " + v.getValueType());
      }
      return new MsgStruct(type, fields);
    } catch (IOException | RuntimeException e) {
      if (e instanceof MvException mv) {
        throw mv;
      }
      throw new MvException(
          ErrorCode.MALFORMED_REQUEST, "malformed MessagePack " + type + ": " + e.getMessage(), e);
    }
  }

  private Value value(String field) {
    Value v = fields.get(field);
    return v == null || v.isNilValue() ? null : v;
  }

  Long optLong(String field) {
    Value v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isIntegerValue()) {
      throw malformed(type, field + " must be an integer");
    }
    if (!v.asIntegerValue().isInLongRange()) {
      throw malformed(type, field + " is out of range");
    }
    return v.asIntegerValue().toLong();
  }

  long requiredLong(String field) {
    Long l = optLong(field);
    if (l == null) {
      throw malformed(type, "missing field " + field);
    }
    return l;
  }

  /** An unsigned 32-bit field (page indices, counts). */
  int requiredU32(String field) {
    long l = requiredLong(field);
    if (l < 0 || l > 0xffffffffL) {
      throw malformed(type, field + " must be a u32");
    }
    return (int) l;
  }

  Integer optU32(String field) {
    Long l = optLong(field);
    if (l == null) {
      return null;
    }
    if (l < 0 || l > 0xffffffffL) {
      throw malformed(type, field + " must be a u32");
    }
    return (int) (long) l;
  }

  boolean optBool(String field, boolean dflt) {
    Value v = value(field);
    if (v == null) {
      return dflt;
    }
    if (!v.isBooleanValue()) {
      throw malformed(type, field + " must be a boolean");
    }
    return v.asBooleanValue().getBoolean();
  }

  String optString(String field) {
    Value v = value(field);
    if (v == null) {
      return null;
    }
    if (!v.isStringValue()) {
      throw malformed(type, field + " must be a string");
    }
    return v.asStringValue().asString();
  }

  String requiredString(String field) {
    String s = optString(field);
    if (s == null) {
      throw malformed(type, "missing field " + field);
    }
    return s;
  }

  /** Byte fields are msgpack bin; rmp-serde also accepts an array of u8, so do we. */
  byte[] optBytes(String field) {
    Value v = value(field);
    if (v == null) {
      return null;
    }
    if (v.isBinaryValue() || v.isStringValue()) {
      return v.asRawValue().asByteArray();
    }
    if (v.isArrayValue()) {
      List<Value> items = v.asArrayValue().list();
      byte[] out = new byte[items.size()];
      for (int i = 0; i < out.length; i++) {
        Value b = items.get(i);
        if (!b.isIntegerValue()
            || b.asIntegerValue().toLong() < 0
            || b.asIntegerValue().toLong() > 255) {
          throw malformed(type, field + " must be bytes");
        }
        out[i] = (byte) b.asIntegerValue().toInt();
      }
      return out;
    }
    throw malformed(type, field + " must be bytes");
  }

  byte[] requiredBytes(String field) {
    byte[] b = optBytes(field);
    if (b == null) {
      throw malformed(type, "missing field " + field);
    }
    return b;
  }

  /** An optional array of u32 (read sets). */
  int[] optU32Array(String field) {
    Value v = value(field);
    if (v == null) {
      return null;
    }
    if (v.getValueType() != ValueType.ARRAY) {
      throw malformed(type, field + " must be an array");
    }
    List<Value> items = v.asArrayValue().list();
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      Value x = items.get(i);
      if (!x.isIntegerValue() || !x.asIntegerValue().isInLongRange()) {
        throw malformed(type, field + " must hold u32 values");
      }
      long l = x.asIntegerValue().toLong();
      if (l < 0 || l > 0xffffffffL) {
        throw malformed(type, field + " must hold u32 values");
      }
      out[i] = (int) l;
    }
    return out;
  }

  Value raw(String field) {
    return value(field);
  }

  static MvException malformed(String type, String what) {
    return new MvException(ErrorCode.MALFORMED_REQUEST, "malformed " + type + ": " + what);
  }
}
