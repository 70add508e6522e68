import AWSCore
import Foundation
import Synchronization

/// The S3 stand-in: the bucket and object operations the product uses, path-style addressing
/// only, with event notifications filtered by prefix and suffix, as S3 sends them to Lambda.
///
/// Keys are kept as bytes: S3 compares and sorts keys by their UTF-8 bytes, where Swift's
/// `String` would treat canonically equivalent spellings as one key.
public final class S3Service: LocalService {
    struct StoredObject: Sendable {
        var body: [UInt8]
        /// Hex MD5, without quotes.
        var etag: String
        var contentType: String
        /// Other representation headers S3 keeps (`Cache-Control`, `Content-Disposition`, ...).
        var systemHeaders: [(name: String, value: String)]
        /// `x-amz-meta-*` names (lower case, without the prefix) and values.
        var metadata: [(name: String, value: String)]
        /// Whole seconds, as S3 keeps it.
        var lastModified: Date
    }

    struct Bucket: Sendable {
        var name: String
        var created: Date
        var objects: [[UInt8]: StoredObject] = [:]
    }

    struct State: Sendable {
        var buckets: [String: Bucket] = [:]
        var rules: [S3NotificationRule] = []
        var lastSequencer: UInt64 = 0
    }

    public let region: String
    /// The canonical user id that owns every bucket (ListBuckets `Owner`).
    public let ownerID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
    /// The principal reported in events (`userIdentity`, `ownerIdentity`).
    public let principalID: String
    let now: @Sendable () -> Date
    let state = Mutex(State())
    private let eventHandler: Mutex<@Sendable ([UInt8]) -> Void>

    /// - Parameter onEvent: receives the JSON of each event notification, synchronously, before
    ///   the write that caused it is answered.
    public init(region: String = "us-east-1", principalID: String = "AWS:AIDALOCALSTACKEXAMPLE",
                now: @escaping @Sendable () -> Date = { Date() },
                onEvent: @escaping @Sendable ([UInt8]) -> Void = { _ in }) {
        self.region = region
        self.principalID = principalID
        self.now = now
        eventHandler = Mutex(onEvent)
    }

    /// Where event notifications go (the Lambda Runtime API's queue, in the stack).
    public var onEvent: @Sendable ([UInt8]) -> Void {
        get { eventHandler.withLock { $0 } }
        set { eventHandler.withLock { $0 = newValue } }
    }

    /// Replaces the notification configuration of every bucket.
    public func configureNotifications(_ rules: [S3NotificationRule]) {
        state.withLock { $0.rules = rules }
    }

    public var notificationRules: [S3NotificationRule] { state.withLock { $0.rules } }

    // MARK: Seeding and inspection (admin path, tests)

    /// Creates a bucket outside the API (the stack's seed); an existing bucket is kept as it is.
    public func ensureBucket(_ name: String) {
        let created = wholeSeconds(now())
        state.withLock { state in
            if state.buckets[name] == nil { state.buckets[name] = Bucket(name: name, created: created) }
        }
    }

    public var bucketNames: [String] { state.withLock { $0.buckets.keys.sorted() } }

    /// The keys of `bucket` in S3's order, or `nil` when there is no such bucket.
    public func keys(in bucket: String) -> [String]? {
        state.withLock { state in
            state.buckets[bucket].map { Self.sortedKeys($0.objects).map { String(decoding: $0, as: UTF8.self) } }
        }
    }

    /// The bytes of an object, or `nil`.
    public func objectBody(bucket: String, key: String) -> [UInt8]? {
        state.withLock { $0.buckets[bucket]?.objects[Array(key.utf8)]?.body }
    }

    // MARK: LocalService

    enum Target: Equatable {
        case service
        case bucket(String)
        case object(bucket: String, key: [UInt8])
    }

    /// Path-style: `/`, `/bucket`, `/bucket/`, `/bucket/key/with/slashes`. The key is the rest
    /// of the path, percent-decoded as a whole, so `%2F` and `/` are the same byte.
    static func target(of path: String) -> Target? {
        let trimmed = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        guard !trimmed.isEmpty else { return .service }
        guard let slash = trimmed.firstIndex(of: "/") else {
            return .bucket(String(decoding: AWSURIEncoding.percentDecode(trimmed), as: UTF8.self))
        }
        let bucket = String(decoding: AWSURIEncoding.percentDecode(trimmed[..<slash]), as: UTF8.self)
        guard !bucket.isEmpty else { return nil }
        let rest = trimmed[trimmed.index(after: slash)...]
        return rest.isEmpty ? .bucket(bucket) : .object(bucket: bucket, key: AWSURIEncoding.percentDecode(rest))
    }

    static let listBucketsParameters: Set<String> = ["max-buckets", "continuation-token", "prefix", "bucket-region", "x-id"]
    static let listObjectsV2Parameters: Set<String> = [
        "list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after", "encoding-type",
        "fetch-owner", "x-id",
    ]
    static let getObjectParameters: Set<String> = [
        "x-id", "response-content-type", "response-content-disposition", "response-cache-control",
        "response-content-encoding", "response-content-language", "response-expires",
    ]

    public func operation(for request: LocalRequest) -> String? {
        guard let target = Self.target(of: request.path) else { return nil }
        let names = Set(request.query.map(\.name))
        let plain = names.isSubset(of: ["x-id"])
        switch (target, request.method) {
        case (.service, "GET"):
            return names.isSubset(of: Self.listBucketsParameters) ? "ListBuckets" : nil
        case (.bucket, "PUT"):
            return plain ? "CreateBucket" : nil
        case (.bucket, "HEAD"):
            return plain ? "HeadBucket" : nil
        case (.bucket, "DELETE"):
            return plain ? "DeleteBucket" : nil
        case (.bucket, "GET"):
            return request.queryValue("list-type") == "2" && names.isSubset(of: Self.listObjectsV2Parameters)
                ? "ListObjectsV2" : nil
        case (.object, "PUT"):
            guard plain else { return nil }
            return request.headers.contains(name: "x-amz-copy-source") ? "CopyObject" : "PutObject"
        case (.object, "GET"):
            return names.isSubset(of: Self.getObjectParameters) ? "GetObject" : nil
        case (.object, "HEAD"):
            return plain ? "HeadObject" : nil
        case (.object, "DELETE"):
            return plain ? "DeleteObject" : nil
        default:
            return nil
        }
    }

    public func handle(_ request: LocalRequest, operation: String, requestID: String) async -> TransportResponse {
        let head = request.method == "HEAD"
        do {
            var response = try dispatch(request, operation: operation, requestID: requestID)
            response.headers.add(name: "x-amz-request-id", value: requestID)
            response.headers.add(name: "x-amz-id-2", value: Self.hostID(for: requestID))
            return response
        } catch let error as S3Error {
            return error.response(requestID: requestID, head: head)
        } catch {
            return S3Error(status: 500, code: "InternalError", message: "We encountered an internal error. Please try again.")
                .response(requestID: requestID, head: head)
        }
    }

    private func dispatch(_ request: LocalRequest, operation: String, requestID: String) throws -> TransportResponse {
        switch (operation, Self.target(of: request.path)) {
        case ("ListBuckets", .service): return listBuckets()
        case ("CreateBucket", .bucket(let bucket)): return try createBucket(bucket)
        case ("HeadBucket", .bucket(let bucket)): return try headBucket(bucket)
        case ("DeleteBucket", .bucket(let bucket)): return try deleteBucket(bucket)
        case ("ListObjectsV2", .bucket(let bucket)): return try listObjectsV2(bucket, request: request)
        case ("PutObject", .object(let bucket, let key)):
            return try putObject(bucket: bucket, key: key, request: request, requestID: requestID)
        case ("CopyObject", .object(let bucket, let key)):
            return try copyObject(bucket: bucket, key: key, request: request, requestID: requestID)
        case ("GetObject", .object(let bucket, let key)):
            return try getObject(bucket: bucket, key: key, request: request, head: false)
        case ("HeadObject", .object(let bucket, let key)):
            return try getObject(bucket: bucket, key: key, request: request, head: true)
        case ("DeleteObject", .object(let bucket, let key)): return try deleteObject(bucket: bucket, key: key, request: request)
        default:
            throw S3Error(status: 405, code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.")
        }
    }

    // MARK: Buckets

    private func listBuckets() -> TransportResponse {
        let buckets = state.withLock { $0.buckets.values.sorted { $0.name < $1.name } }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Owner><ID>\(ownerID)</ID><DisplayName>local</DisplayName></Owner><Buckets>"
        for bucket in buckets {
            xml += "<Bucket><Name>\(XMLText.escaped(bucket.name))</Name>"
                + "<CreationDate>\(S3Text.iso8601Milliseconds(bucket.created))</CreationDate>"
                + "<BucketRegion>\(XMLText.escaped(region))</BucketRegion></Bucket>"
        }
        xml += "</Buckets></ListAllMyBucketsResult>"
        return Self.xmlResponse(xml)
    }

    private func createBucket(_ name: String) throws -> TransportResponse {
        guard Self.isValidBucketName(name) else {
            throw S3Error(status: 400, code: "InvalidBucketName", message: "The specified bucket is not valid.", resource: name)
        }
        let created = wholeSeconds(now())
        try state.withLock { state in
            guard state.buckets[name] == nil else {
                throw S3Error(status: 409, code: "BucketAlreadyOwnedByYou",
                              message: "Your previous request to create the named bucket succeeded and you already own it.",
                              resource: name)
            }
            state.buckets[name] = Bucket(name: name, created: created)
        }
        return TransportResponse(status: 200, headers: ["Location": "/" + name])
    }

    private func headBucket(_ name: String) throws -> TransportResponse {
        guard state.withLock({ $0.buckets[name] != nil }) else { throw S3Error.noSuchBucket(name) }
        return TransportResponse(status: 200, headers: [
            "x-amz-bucket-region": region, "x-amz-access-point-alias": "false", "Content-Type": "application/xml",
        ])
    }

    private func deleteBucket(_ name: String) throws -> TransportResponse {
        try state.withLock { state in
            guard let bucket = state.buckets[name] else { throw S3Error.noSuchBucket(name) }
            guard bucket.objects.isEmpty else {
                throw S3Error(status: 409, code: "BucketNotEmpty", message: "The bucket you tried to delete is not empty",
                              resource: name)
            }
            state.buckets[name] = nil
        }
        return TransportResponse(status: 204)
    }

    /// S3's rules for new general-purpose bucket names: 3–63 characters of `a-z 0-9 . -`,
    /// starting and ending with a letter or digit, no `..`, not an IP address.
    static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
              alphanumeric(first), alphanumeric(last),
              bytes.allSatisfy({ alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              !name.contains(".."), !name.contains(".-"), !name.contains("-.")
        else { return false }
        let parts = name.split(separator: ".")
        return !(parts.count == 4 && parts.allSatisfy { UInt8($0) != nil })
    }

    // MARK: Helpers

    static func xmlResponse(_ xml: String, status: Int = 200) -> TransportResponse {
        TransportResponse(status: status, headers: ["Content-Type": "application/xml"], body: Array(xml.utf8))
    }

    /// The `x-amz-id-2` of a request: opaque, stable for the request id.
    static func hostID(for requestID: String) -> String {
        Data(Crypto.sha256(Array(("host-" + requestID).utf8))).base64EncodedString()
    }

    func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func sortedKeys(_ objects: [[UInt8]: StoredObject]) -> [[UInt8]] {
        objects.keys.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
