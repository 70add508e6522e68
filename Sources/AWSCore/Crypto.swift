import COpenSSL

/// SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto, the two primitives SigV4 is built on.
public enum Crypto {
    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = withContiguous(bytes) { data in
            out.withUnsafeMutableBufferPointer { copenssl_sha256(data.baseAddress, data.count, $0.baseAddress) }
        }
        precondition(ok == 1, "libcrypto's SHA-256 failed; the library is unusable")
        return out
    }

    /// The MD5 digest of `bytes` (16 bytes): S3's ETag of a single-part object. Not for security.
    public static func md5<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        let ok = withContiguous(bytes) { data in
            out.withUnsafeMutableBufferPointer { copenssl_md5(data.baseAddress, data.count, $0.baseAddress) }
        }
        precondition(ok == 1, "libcrypto's MD5 failed; the library is unusable")
        return out
    }

    /// HMAC-SHA256 of `message` under `key` (32 bytes).
    public static func hmacSHA256<Key: Collection<UInt8>, Message: Collection<UInt8>>(
        key: Key, message: Message
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = withContiguous(key) { keyBytes in
            withContiguous(message) { messageBytes in
                out.withUnsafeMutableBufferPointer {
                    copenssl_hmac_sha256(
                        keyBytes.baseAddress, keyBytes.count, messageBytes.baseAddress, messageBytes.count,
                        $0.baseAddress)
                }
            }
        }
        precondition(ok == 1, "libcrypto's HMAC-SHA256 failed; the library is unusable")
        return out
    }

    /// Lower-case hexadecimal, as SigV4 writes digests and signatures.
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func withContiguous<Bytes: Collection<UInt8>, R>(
        _ bytes: Bytes, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes(body)
    }
}
