package dev.shortener.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the current request id and trace/span ids into the MDC of every enabled log call, on the
 * calling thread, before the event is created (the async appender copies the MDC there). Event
 * loops interleave requests, so the values are set (or removed) on every call, never left behind.
 */
public final class LogContextFilter extends TurboFilter {
  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL; // disabled call (or an isEnabled() check): stay cheap
    }
    put("request_id", RequestContext.requestId());
    SpanContext span = Span.current().getSpanContext();
    put("trace_id", span.isValid() ? span.getTraceId() : null);
    put("span_id", span.isValid() ? span.getSpanId() : null);
    return FilterReply.NEUTRAL;
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
