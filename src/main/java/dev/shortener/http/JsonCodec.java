package dev.shortener.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.shortener.validation.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.LocalDateTime;

/** The one JSON encoder for every response: snake_case field names, timestamps via {@link Timestamps}. */
public final class JsonCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .addModule(new SimpleModule("shortener")
          .addSerializer(LocalDateTime.class, new StdSerializer<>(LocalDateTime.class) {
            @Override
            public void serialize(LocalDateTime value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
              gen.writeString(Timestamps.format(value));
            }
          })
          .addSerializer(JsonObject.class, new StdSerializer<>(JsonObject.class) {
            @Override
            public void serialize(JsonObject value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
              provider.defaultSerializeValue(value.getMap(), gen);
            }
          })
          .addSerializer(JsonArray.class, new StdSerializer<>(JsonArray.class) {
            @Override
            public void serialize(JsonArray value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
              provider.defaultSerializeValue(value.getList(), gen);
            }
          }))
      .build();

  private JsonCodec() {}

  public static Buffer encode(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }
}
