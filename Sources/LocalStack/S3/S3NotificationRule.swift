import AWSCore
import Foundation

/// One S3 event notification configuration, as the CloudFormation template declares it
/// (`NotificationConfiguration.LambdaConfigurations[]` with an `S3Key` filter).
public struct S3NotificationRule: Codable, Sendable, Equatable {
    /// The configuration id, reported as `s3.configurationId` in the event.
    public var id: String
    public var bucket: String
    /// Matched against the raw (not URL-encoded) key; empty matches every key.
    public var prefix: String
    public var suffix: String
    /// `s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, `s3:ObjectCreated:Copy`.
    public var events: [String]

    public init(id: String, bucket: String, prefix: String = "", suffix: String = "",
                events: [String] = ["s3:ObjectCreated:*"]) {
        self.id = id
        self.bucket = bucket
        self.prefix = prefix
        self.suffix = suffix
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case id, bucket, prefix, suffix, events }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        bucket = try container.decode(String.self, forKey: .bucket)
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix) ?? ""
        suffix = try container.decodeIfPresent(String.self, forKey: .suffix) ?? ""
        events = try container.decodeIfPresent([String].self, forKey: .events) ?? ["s3:ObjectCreated:*"]
    }

    /// Whether an event named `eventName` (`ObjectCreated:Put`) on `key` of `bucket` is sent.
    /// Prefix and suffix compare bytes, as S3 does, not Unicode-equivalent strings.
    func matches(bucket: String, key: [UInt8], eventName: String) -> Bool {
        guard bucket == self.bucket,
              key.starts(with: prefix.utf8), key.reversed().starts(with: suffix.utf8.reversed())
        else { return false }
        let category = eventName.split(separator: ":").first.map(String.init) ?? eventName
        return events.contains { pattern in
            pattern == "s3:" + eventName || pattern == "s3:\(category):*" || pattern == "s3:*"
        }
    }
}
