#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// The records of an S3 event notification, with keys decoded as S3 encodes them in events
/// (form encoding: `+` is a space, then percent-escapes).
package struct S3Event: Sendable, Equatable {
    package struct Record: Sendable, Equatable {
        package var eventName: String
        package var bucket: String
        package var key: String
        package var size: Int?
        /// The object's ETag when the event was sent (without quotes).
        package var eTag: String?
        /// S3's ordering token for writes to the key: a re-delivered event carries the same.
        package var sequencer: String?

        package init(eventName: String, bucket: String, key: String, size: Int? = nil, eTag: String? = nil, sequencer: String? = nil) {
            self.eventName = eventName
            self.bucket = bucket
            self.key = key
            self.size = size
            self.eTag = eTag
            self.sequencer = sequencer
        }
    }

    package var records: [Record]

    package struct Malformed: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    package init(json: [UInt8]) throws(Malformed) {
        struct Wire: Decodable {
            struct Record: Decodable {
                struct S3: Decodable {
                    struct Bucket: Decodable { var name: String }
                    struct Object: Decodable { var key: String; var size: Int?; var eTag: String?; var sequencer: String? }
                    var bucket: Bucket
                    var object: Object
                }
                var eventName: String?
                var s3: S3
            }
            var Records: [Record]
        }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(json))
        } catch {
            throw Malformed(description: "the event is not an S3 event notification (expected Records[].s3.bucket.name and .object.key)")
        }
        records = wire.Records.map {
            Record(eventName: $0.eventName ?? "", bucket: $0.s3.bucket.name, key: Self.decodeKey($0.s3.object.key),
                   size: $0.s3.object.size, eTag: $0.s3.object.eTag.map(Self.unquoted), sequencer: $0.s3.object.sequencer)
        }
    }

    static func unquoted(_ eTag: String) -> String {
        eTag.count >= 2 && eTag.hasPrefix("\"") && eTag.hasSuffix("\"") ? String(eTag.dropFirst().dropLast()) : eTag
    }

    /// `my+file%2B1.csv` → `my file+1.csv`.
    package static func decodeKey(_ encoded: String) -> String {
        let spaced = String(encoded.map { $0 == "+" ? " " : $0 })
        return String(decoding: AWSURIEncoding.percentDecode(spaced[...]), as: UTF8.self)
    }
}
