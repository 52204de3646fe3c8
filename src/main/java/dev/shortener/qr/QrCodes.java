package dev.shortener.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws QR codes from ZXing's module matrix: PNG at exactly {@code size} pixels (whole pixels per
 * module, centred, the rest background) and SVG as one path on a module grid, which scales cleanly.
 * CPU work (a 2048 px PNG takes tens of milliseconds): callers run it on a worker thread.
 */
final class QrCodes {
  private QrCodes() {}

  static byte[] render(String content, QrOptions options) {
    ByteMatrix modules;
    try {
      modules = Encoder.encode(content, options.ec(), Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode " + content.length() + " characters as a QR code", e);
    }
    return options.svg() ? svg(modules, options) : png(modules, options);
  }

  private static byte[] png(ByteMatrix modules, QrOptions options) {
    int n = modules.getWidth();
    int span = n + 2 * options.margin();
    int scale = Math.max(1, options.size() / span);
    int size = Math.max(options.size(), span * scale);
    int offset = (size - n * scale) / 2;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      int my = y - offset;
      for (int x = 0; x < size; x++) {
        int mx = x - offset;
        boolean dark = my >= 0 && mx >= 0 && my < n * scale && mx < n * scale && modules.get(mx / scale, my / scale) == 1;
        row[x] = dark ? options.fg() : options.bg();
      }
      image.setRGB(0, y, size, 1, row, 0, size);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] svg(ByteMatrix modules, QrOptions options) {
    int n = modules.getWidth();
    int m = options.margin();
    int span = n + 2 * m;
    StringBuilder path = new StringBuilder(n * n * 4);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (modules.get(x, y) == 1) {
          path.append('M').append(x + m).append(' ').append(y + m).append("h1v1h-1z");
        }
      }
    }
    String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + options.size() + "\" height=\"" + options.size()
        + "\" viewBox=\"0 0 " + span + " " + span + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"" + span + "\" height=\"" + span + "\" fill=\"#" + hex(options.bg()) + "\"/>"
        + "<path fill=\"#" + hex(options.fg()) + "\" d=\"" + path + "\"/></svg>\n";
    return svg.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(int rgb) {
    return String.format("%06x", rgb);
  }
}
