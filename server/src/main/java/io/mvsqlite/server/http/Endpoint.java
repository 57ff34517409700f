package io.mvsqlite.server.http;

/**
 * The handler of one path. It runs on a virtual thread and may block (engine calls, body reads). It
 * answers through the {@link Exchange} exactly once, or throws: the {@link ErrorReplies} mapper
 * answers for it.
 */
@FunctionalInterface
public interface Endpoint {
  void handle(Exchange x) throws Exception;
}
