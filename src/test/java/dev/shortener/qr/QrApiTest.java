package dev.shortener.qr;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.shortener.testing.ApiTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /{code}/qr: PNG that decodes back to the short URL, SVG, parameters, caching headers, errors. */
class QrApiTest extends ApiTest {
  private String code;
  private String shortUrl;

  @BeforeEach
  void createLink() {
    var url = createUrl(createUser("ann").getLong("id"), "https://example.com/qr");
    code = url.getString("short_code");
    shortUrl = url.getString("short_url");
  }

  @Test
  void aPngDecodesBackToTheShortUrl() throws Exception {
    HttpResponse<byte[]> png = api.bytes("/" + code + "/qr");
    assertEquals(200, png.statusCode());
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("public, max-age=86400", png.headers().firstValue("Cache-Control").orElseThrow());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertEquals(300, image.getWidth());
    assertEquals(300, image.getHeight());
    assertEquals(shortUrl, decode(image));
  }

  @Test
  void parametersShapeThePictureAndItStillDecodes() throws Exception {
    HttpResponse<byte[]> png = api.bytes("/" + code + "/qr?size=512&margin=0&ec=H&fg=1a2b3c&bg=%23fafafa");
    assertEquals(200, png.statusCode());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertEquals(512, image.getWidth());
    assertEquals(0xfafafa, image.getRGB(0, 0) & 0xffffff, "what is left over around the code is background");
    int dark = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == 0x1a2b3c) {
          dark++;
        }
      }
    }
    assertTrue(dark > 512 * 512 / 5, "foreground modules drawn in fg: " + dark);
    assertEquals(shortUrl, decode(image));
  }

  @Test
  void svgIsAScalableDrawingOfTheSameCode() {
    HttpResponse<byte[]> svg = api.bytes("/" + code + "/qr?format=svg&size=200&fg=000080");
    assertEquals(200, svg.statusCode());
    assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElseThrow());
    String body = new String(svg.body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\""), body);
    assertTrue(body.contains("fill=\"#000080\""), body);
    assertTrue(body.contains("fill=\"#ffffff\""), body);
  }

  @Test
  void theEtagNamesThePictureAndARevalidationIsA304() {
    String etag = api.bytes("/" + code + "/qr").headers().firstValue("ETag").orElseThrow();
    assertEquals(etag, api.bytes("/" + code + "/qr").headers().firstValue("ETag").orElseThrow());
    assertNotEquals(etag, api.bytes("/" + code + "/qr?size=301").headers().firstValue("ETag").orElseThrow());
    assertNotEquals(etag, api.bytes("/" + code + "/qr?format=svg").headers().firstValue("ETag").orElseThrow());
    HttpResponse<byte[]> revalidated = api.bytes("/" + code + "/qr", "If-None-Match", etag);
    assertEquals(304, revalidated.statusCode());
    assertEquals(0, revalidated.body().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"format=gif", "size=63", "size=2049", "size=abc", "margin=-1", "margin=11", "ec=X",
      "fg=red", "bg=12345", "fg=1234567"})
  void aBadParameterIsA400NamingIt(String query) {
    assertValidation(api.get("/" + code + "/qr?" + query), query.substring(0, query.indexOf('=')));
  }

  @Test
  void anUnknownCodeIsA404AndReservedWordsAreNotCodes() {
    assertError(404, "Not found", api.get("/nosuch/qr"));
    assertError(404, "User not found", api.get("/users/qr")); // the users route, not a code
    assertEquals(405, api.post("/" + code + "/qr", "{}").status());
  }

  private static String decode(BufferedImage image) throws Exception {
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
    // PURE_BARCODE: the picture is an axis-aligned code, so read its modules exactly. ZXing's
    // camera-oriented detector misses the finder patterns of about 1 in 60 pristine codes with the
    // default 2-module quiet zone (5 of 300 random short URLs; all 300 decode as pure barcodes)
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
  }
}
