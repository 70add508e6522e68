#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// The records of an S3 event notification, with keys decoded as S3 encodes them in events
/// (form encoding: `+` is a space, then percent-escapes).
public struct S3Event: Sendable, Equatable {
    public struct Record: Sendable, Equatable {
        public var eventName: String
        public var bucket: String
        public var key: String
        public var size: Int?
        /// The object's ETag when the event was sent (without quotes).
        public var eTag: String?
        /// S3's ordering token for writes to the key: a re-delivered event carries the same.
        public var sequencer: String?

        public init(eventName: String, bucket: String, key: String, size: Int? = nil, eTag: String? = nil, sequencer: String? = nil) {
            self.eventName = eventName
            self.bucket = bucket
            self.key = key
            self.size = size
            self.eTag = eTag
            self.sequencer = sequencer
        }
    }

    public var records: [Record]

    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(json: [UInt8]) throws(Malformed) {
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
    public static func decodeKey(_ encoded: String) -> String {
        let spaced = String(encoded.map { $0 == "+" ? " " : $0 })
        return String(decoding: AWSURIEncoding.percentDecode(spaced[...]), as: UTF8.self)
    }
}

/// What a key in the bucket asks for.
public enum InputRoute: Sendable, Equatable {
    case create
    case update
    /// `plan/create/`, `plan/update/`, `plan/delete/`: what the same file would do there, with no change.
    case plan(of: Planned)
    /// `delete/<name>.csv`: each row's user login is deleted.
    case delete
    /// `export/`: any object but the function's own `.bak` and a folder marker starts an export
    /// (its content is ignored); continuations of an export are there too.
    case export
    /// Not an input: the function's own outputs (`.bak`, `failed/`, `results/`), other
    /// folders or suffixes. Logged and left alone, so our writes never start us again.
    case ignore(reason: String)

    public init(key: String) {
        let lower = key.lowercased()
        if key.hasPrefix("export/") {
            if key == "export/" || key.hasSuffix("/") {
                self = .ignore(reason: "a folder marker, not a request for an export")
            } else if lower.hasSuffix(".bak") {
                self = .ignore(reason: "a processed export request (.bak)")
            } else {
                self = .export
            }
            return
        }
        guard lower.hasSuffix(".csv") else {
            self = .ignore(reason: "not a .csv file")
            return
        }
        if key.hasPrefix("create/") {
            self = .create
        } else if key.hasPrefix("update/") {
            self = .update
        } else if key.hasPrefix("plan/") {
            guard let planned = Planned.allCases.first(where: { key.hasPrefix("plan/\($0.rawValue)/") }) else {
                self = .ignore(reason: "not in \(Planned.allCases.map { "plan/\($0.rawValue)/" }.joined(separator: ", "))")
                return
            }
            self = .plan(of: planned)
        } else if key.hasPrefix("delete/") {
            self = .delete
        } else {
            self = .ignore(reason: "not in create/, update/, delete/ or plan/")
        }
    }
}

extension InputRoute {
    /// The folders a plan can be made for.
    public enum Planned: String, Sendable, CaseIterable {
        case create, update, delete
    }
}
