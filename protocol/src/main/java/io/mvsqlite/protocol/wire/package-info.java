/**
 * The wire formats of the reference protocol, defined once for server and client: length-prefixed
 * frames ({@link io.mvsqlite.protocol.wire.Frames}), MessagePack messages inside them ({@link
 * io.mvsqlite.protocol.wire.DataPlaneCodec}) and JSON bodies ({@link
 * io.mvsqlite.protocol.wire.Json}, the {@code *Body} records). Field names and encodings are those
 * of the reference (see docs/http-api.md).
 */
package io.mvsqlite.protocol.wire;
