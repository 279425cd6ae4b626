package org.atelier.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void partsKeepTheirNamesAndExactBytes() {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff, '-', '-'};
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n";
        String middle = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ--\r\n";
        byte[] body = new byte[bytes(head).length + binary.length + bytes(middle).length];
        System.arraycopy(bytes(head), 0, body, 0, bytes(head).length);
        System.arraycopy(binary, 0, body, bytes(head).length, binary.length);
        System.arraycopy(bytes(middle), 0, body, bytes(head).length + binary.length, bytes(middle).length);

        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=XyZ", body);

        assertEquals(2, parts.size());
        assertEquals("file", parts.get(0).field());
        assertEquals("a.png", parts.get(0).fileName());
        assertArrayEquals(binary, parts.get(0).bytes());
        assertEquals("note", parts.get(1).field());
        assertEquals(null, parts.get(1).fileName());
        assertArrayEquals(bytes("hello"), parts.get(1).bytes());
    }

    @Test
    void brokenFormsAreBadRequests() {
        assertEquals("multipart/form-data without a boundary",
                assertThrows(HttpError.class, () -> Multipart.parse("multipart/form-data", bytes("x"))).getMessage());
        assertEquals("a multipart body that ends inside a part (truncated?)", assertThrows(HttpError.class,
                () -> Multipart.parse("multipart/form-data; boundary=b", bytes("--b\r\nContent-Disposition: form-data; "
                        + "name=\"f\"\r\n\r\nhalf a fi"))).getMessage());
        assertEquals(400, assertThrows(HttpError.class, () -> Multipart.parse("multipart/form-data; boundary=b", bytes("nothing"))).status);
    }

    /** A form of a million empty parts held the server a minute: the parts are counted as they are found, and refused past the limit. */
    @Test
    void moreThanTheLimitOfPartsIsRefusedAsTooLarge() {
        String part = "--b\r\n\r\n\r\n";
        byte[] atLimit = bytes(part.repeat(ServeConfig.MAX_FORM_PARTS) + "--b--\r\n");
        assertEquals(ServeConfig.MAX_FORM_PARTS, Multipart.parse("multipart/form-data; boundary=b", atLimit).size());
        byte[] over = bytes(part.repeat(1_250_000) + "--b--\r\n");
        long start = System.nanoTime();
        HttpError e = assertThrows(HttpError.class, () -> Multipart.parse("multipart/form-data; boundary=b", over));
        assertEquals(413, e.status);
        assertEquals("the form holds more than " + ServeConfig.MAX_FORM_PARTS + " parts; send at most "
                + ServeConfig.MAX_FORM_PARTS + " files per request", e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 1, "refused once the limit is passed, not after reading every part");
    }
}
