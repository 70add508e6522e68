import AWSCore
import Foundation

/// The text forms S3 writes: timestamps in XML and headers, keys URL-encoded in events and in
/// `encoding-type=url` listings, and the `aws-chunked` body encoding some clients upload with.
enum S3Text {
    /// `2026-11-25T09:00:00.000Z`: XML timestamps and `eventTime`.
    static func iso8601Milliseconds(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: (milliseconds / 1000).rounded(.down))
        let fraction = Int(milliseconds - whole.timeIntervalSince1970 * 1000)
        let text = UTCDateTime(whole).rfc3339
        let digits = String(fraction)
        return text.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// `Wed, 25 Nov 2026 09:00:00 GMT` (RFC 7231 IMF-fixdate): `Last-Modified`.
    static func httpDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // 1970-01-01 was a Thursday.
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = UTCDateTime(date)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(pad(time.day)) \(months[time.month - 1]) \(time.year) \(pad(time.hour)):\(pad(time.minute)):\(pad(time.second)) GMT"
    }

    /// A key as S3 writes it in event notifications and `encoding-type=url` listings: HTML form
    /// encoding (space → `+`, `+` → `%2B`, UTF-8 bytes as `%XX`), with `/` left as it is.
    /// Letters, digits and `- _ . *` stay; everything else is escaped (`(` → `%28`, `~` → `%7E`).
    static func formEncodedKey<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "*"), UInt8(ascii: "/"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The payload of an `aws-chunked` body (`<hex size>[;chunk-signature=...]\r\n<data>\r\n`
    /// ... `0\r\n<trailers>\r\n`), or `nil` when the framing is broken.
    static func decodeAWSChunked(_ body: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        func line() -> ArraySlice<UInt8>? {
            var end = index
            while end + 1 < body.count, !(body[end] == 13 && body[end + 1] == 10) { end += 1 }
            guard end + 1 < body.count else { return nil }
            defer { index = end + 2 }
            return body[index..<end]
        }
        while true {
            guard let header = line() else { return nil }
            let sizeText = header.prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(String(decoding: sizeText, as: UTF8.self).trimmingCharacters(in: .whitespaces), radix: 16),
                  size >= 0 else { return nil }
            if size == 0 { return out }
            guard index + size + 2 <= body.count, body[index + size] == 13, body[index + size + 1] == 10 else { return nil }
            out += body[index..<(index + size)]
            index += size + 2
        }
    }
}
