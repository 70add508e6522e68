/// Percent-encoding as SigV4 and the AWS REST protocols define it (RFC 3986 unreserved
/// characters stay, every other byte of the UTF-8 form becomes `%XX` with upper-case hex).
///
/// Works on bytes, so any string (spaces, `+`, `%`, `/`, non-ASCII) encodes the same way
/// botocore's `quote(value, safe=...)` does.
public enum AWSURIEncoding {
    /// The unreserved characters of RFC 3986: `A-Z a-z 0-9 - _ . ~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
             UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes every byte except the unreserved ones and those in `safe`.
    public static func percentEncode<Bytes: Sequence<UInt8>>(bytes: Bytes, safe: String = "") -> String {
        let keep = Array(safe.utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if isUnreserved(byte) || keep.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func percentEncode(_ value: String, safe: String = "") -> String {
        percentEncode(bytes: value.utf8, safe: safe)
    }

    /// Decodes `%XX` escapes into bytes; a `%` not followed by two hex digits stays as it is.
    /// `+` is left alone: SigV4 does not read it as a space.
    public static func percentDecode(_ value: Substring) -> [UInt8] {
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A single path label (`{InstanceId}`): a `/` inside it is encoded.
    public static func label(_ value: String) -> String { percentEncode(value) }

    /// A greedy path label (`{Key+}`, an S3 key): `/` separates segments and stays.
    public static func greedyLabel(_ value: String) -> String { percentEncode(value, safe: "/") }

    /// `name=value&...` in the order given, each side encoded strictly, as SigV4 canonicalizes
    /// it, so the string on the wire is already in canonical form apart from its order.
    public static func queryString(_ items: [(name: String, value: String)]) -> String {
        items.map { percentEncode($0.name) + "=" + percentEncode($0.value) }.joined(separator: "&")
    }
}
