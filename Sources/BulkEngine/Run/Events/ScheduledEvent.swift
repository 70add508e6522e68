#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// An EventBridge "Scheduled Event" (a rule's `rate()` or `cron()` schedule targeting the
/// function), as EventBridge sends it:
/// `{"version":"0","id":"…","detail-type":"Scheduled Event","source":"aws.events",
/// "account":"…","time":"2026-12-02T02:00:00Z","region":"…","resources":["arn:…:rule/…"],"detail":{}}`.
///
/// The schedule asks for an export. Its `id` names the job: Lambda's retries of the same
/// event, and EventBridge's re-deliveries of it, carry the same id, so they are the same job;
/// its `time` (the scheduled moment) names the export.
package struct ScheduledEvent: Sendable, Equatable {
    package var id: String
    /// The scheduled moment, in milliseconds since 1970.
    package var timeMs: Int64
    package var resources: [String]

    package init(id: String, timeMs: Int64, resources: [String] = []) {
        self.id = id
        self.timeMs = timeMs
        self.resources = resources
    }

    /// Nil when the JSON is not a scheduled event (an S3 event notification, for example).
    package init?(json: [UInt8]) {
        struct Wire: Decodable {
            var id: String?
            var detailType: String?
            var source: String?
            var time: String?
            var resources: [String]?

            enum CodingKeys: String, CodingKey {
                case id, source, time, resources
                case detailType = "detail-type"
            }
        }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(json)),
              wire.detailType == "Scheduled Event", wire.source == "aws.events",
              let id = wire.id, !id.isEmpty, let time = wire.time, let ms = Self.milliseconds(iso8601: time)
        else { return nil }
        self.init(id: id, timeMs: ms, resources: wire.resources ?? [])
    }

    /// `2026-12-02T02:00:00Z` (EventBridge's form; fractions of a second and `+00:00` are
    /// accepted too) → milliseconds since 1970.
    static func milliseconds(iso8601 text: String) -> Int64? {
        let chars = Array(text.utf8)
        guard chars.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for byte in chars[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), chars[4] == UInt8(ascii: "-"), let month = number(5..<7), chars[7] == UInt8(ascii: "-"),
              let day = number(8..<10), chars[10] == UInt8(ascii: "T"), let hour = number(11..<13), chars[13] == UInt8(ascii: ":"),
              let minute = number(14..<16), chars[16] == UInt8(ascii: ":"), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0
        if chars[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < chars.count, (48...57).contains(chars[index]) {
                if digits < 3 { fraction = fraction * 10 + Int(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            var scale = min(digits, 3)
            while scale < 3 {
                fraction *= 10
                scale += 1
            }
        }
        let zone = String(decoding: chars[index...], as: UTF8.self)
        guard zone == "Z" || zone == "+00:00" else { return nil }
        let days = UTCDateTime.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(fraction)
    }
}
