package dev.coffer.leaks.scan;

/** Recognises binary content from its first 8 KiB: known magic numbers, NUL bytes, or mostly non-text bytes. */
final class Binary {
    static final int SNIFF = 8192;
    private static final byte[][] MAGIC = {
        {(byte) 0x89, 'P', 'N', 'G'}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, {'G', 'I', 'F', '8'},
        {'P', 'K', 3, 4}, {0x1f, (byte) 0x8b}, {0x7f, 'E', 'L', 'F'}, {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE},
        {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE}, {'M', 'Z'}, {0, 'a', 's', 'm'}, {'%', 'P', 'D', 'F'},
        {'B', 'Z', 'h'}, {(byte) 0xFD, '7', 'z', 'X', 'Z'}, {'7', 'z', (byte) 0xBC, (byte) 0xAF}, {'R', 'I', 'F', 'F'},
        {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f'}, {'w', 'O', 'F', 'F'},
        {'w', 'O', 'F', '2'}, {0, 0, 1, 0}, {'I', 'D', '3'}, {'O', 'g', 'g', 'S'}};

    private Binary() {}

    static boolean isBinary(byte[] data, int offset, int length) {
        for (byte[] magic : MAGIC) {
            if (startsWith(data, offset, length, magic)) {
                return true;
            }
        }
        int n = Math.min(length, SNIFF);
        int odd = 0;
        for (int i = offset; i < offset + n; i++) {
            int b = data[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1b || b == 0x7f) {
                odd++;
            }
        }
        return n > 0 && odd * 10 > n;
    }

    private static boolean startsWith(byte[] data, int offset, int length, byte[] magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
