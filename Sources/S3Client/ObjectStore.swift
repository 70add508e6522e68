/// The S3 operations the product uses.
///
/// The seam between the bulk engine and S3: `S3HTTPClient` is the real one; tests pass
/// in-memory ones. Errors are `AWSError` (`NoSuchKey`, `PreconditionFailed`, ...) or
/// `TransportError`, after the client's retries; the helpers below name the ones the engine
/// acts on.
public protocol ObjectStore: Sendable {
    /// The object's bytes and ETag. Throws `AWSError` with code `NoSuchKey` when it does not exist.
    func object(bucket: String, key: String) async throws -> StoredObject
    /// Writes the object when `condition` holds, and returns its new ETag (without quotes).
    /// A condition that does not hold throws `AWSError` with code `PreconditionFailed` (412),
    /// and nothing is written.
    @discardableResult
    func putObject(bucket: String, key: String, body: [UInt8], contentType: String, condition: WriteCondition) async throws -> String
    /// Copies `sourceKey` to `key` in the same bucket, with the same `ifNoneMatch` rule.
    func copyObject(bucket: String, sourceKey: String, key: String, ifNoneMatch: Bool) async throws
    /// Deletes the object; deleting a missing object succeeds, as in S3.
    func deleteObject(bucket: String, key: String) async throws
    /// The object's size and ETag, or `nil` when it does not exist.
    func headObject(bucket: String, key: String) async throws -> ObjectInfo?
    /// Every object whose key starts with `prefix`, all pages.
    func listObjects(bucket: String, prefix: String) async throws -> [ObjectInfo]
}

extension ObjectStore {
    /// The object's bytes. Throws `AWSError` with code `NoSuchKey` when it does not exist.
    public func getObject(bucket: String, key: String) async throws -> [UInt8] {
        try await object(bucket: bucket, key: key).body
    }

    /// Writes the object. With `ifNoneMatch`, only if no object has that key (`If-None-Match: *`);
    /// otherwise throws `AWSError` with code `PreconditionFailed`, and nothing is overwritten.
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String, ifNoneMatch: Bool) async throws {
        try await putObject(bucket: bucket, key: key, body: body, contentType: contentType,
                            condition: ifNoneMatch ? .ifAbsent : .none)
    }
}

/// S3's conditional writes.
public enum WriteCondition: Sendable, Equatable {
    /// Unconditional: creates or replaces.
    case none
    /// `If-None-Match: *`: only when no object has the key.
    case ifAbsent
    /// `If-Match: "etag"`: only over exactly that version of the object.
    case ifMatch(eTag: String)
}

public struct StoredObject: Sendable, Equatable {
    public var body: [UInt8]
    /// Without quotes.
    public var eTag: String

    public init(body: [UInt8], eTag: String) {
        self.body = body
        self.eTag = eTag
    }
}

public struct ObjectInfo: Sendable, Equatable {
    public var key: String
    public var size: Int
    /// Without quotes.
    public var eTag: String

    public init(key: String, size: Int, eTag: String) {
        self.key = key
        self.size = size
        self.eTag = eTag
    }
}
