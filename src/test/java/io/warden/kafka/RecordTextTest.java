package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    @Test
    void printableUtf8IsShownAsTextWithLineBreaksEscaped() {
        assertThat(RecordText.render("{\"id\":\"ü-1\"}\n".getBytes(StandardCharsets.UTF_8), 100)).isEqualTo("{\"id\":\"ü-1\"}\\n");
    }

    @Test
    void binaryIsHexWhenShortAndBase64WhenLong() {
        assertThat(RecordText.render(new byte[] {0, 1, (byte) 0xff}, 100)).isEqualTo("hex:0001ff");
        byte[] avro = new byte[100];
        avro[0] = 0; // a schema-registry magic byte: not text
        assertThat(RecordText.render(avro, 20)).startsWith("base64:AAAA").endsWith("...(100 bytes)").hasSize(20 + "...(100 bytes)".length());
    }

    @Test
    void terminalEscapesAndBidiOverridesAreNeverPrintedAsText() {
        assertThat(RecordText.render("\u001b[31mred".getBytes(StandardCharsets.UTF_8), 100)).startsWith("hex:1b5b");
        assertThat(RecordText.render("abc\u202Edef".getBytes(StandardCharsets.UTF_8), 100)).startsWith("hex:");
    }

    @Test
    void longTextIsCutAndSaysItsSize() {
        assertThat(RecordText.render("x".repeat(500).getBytes(StandardCharsets.UTF_8), 10)).isEqualTo("xxxxxxxxxx...(500 bytes)");
        assertThat(RecordText.render(null, 10)).isNull();
    }
}
