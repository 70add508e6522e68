/// The S3 operations the product uses.
///
/// The seam between the bulk engine and S3: `S3HTTPClient` is the real one; tests pass
/// in-memory ones. Errors are `AWSError` (`NoSuchKey`, `PreconditionFailed`, ...) or
/// `TransportError`, after the client's retries; the helpers below name the ones the engine
/// acts on.
package protocol ObjectStore: Sendable {
    /// The object's bytes and ETag. Throws `AWSError` with code `NoSuchKey` when it does not exist.
    func object(bucket: String, key: String) async throws -> StoredObject
    /// Writes the object when `condition` holds, and returns its new ETag (without quotes).
    /// A condition that does not hold throws `AWSError` with code `PreconditionFailed` (412),
    /// and nothing is written.
    @discardableResult
    func putObject(bucket: String, key: String, body: [UInt8], contentType: String, condition: WriteCondition) async throws -> String
    /// Copies `sourceKey` to `key` in the same bucket, with the same `ifNoneMatch` rule for
    /// `key`. With `sourceETag`, only while the source is that version
    /// (`x-amz-copy-source-if-match`): a source replaced since throws `AWSError` with code
    /// `PreconditionFailed` (412), and nothing is written; a missing source throws `NoSuchKey`.
    func copyObject(bucket: String, sourceKey: String, key: String, ifNoneMatch: Bool, sourceETag: String?) async throws
    /// Deletes the object; deleting a missing object succeeds, as in S3. With `ifMatch`, only
    /// that version (`If-Match`, which S3 honours on general purpose buckets since 2025-09):
    /// another version throws `PreconditionFailed` (412) and stays, a missing object throws
    /// `NoSuchKey` (404).
    func deleteObject(bucket: String, key: String, ifMatch: String?) async throws
    /// The object's size and ETag, or `nil` when it does not exist.
    func headObject(bucket: String, key: String) async throws -> ObjectInfo?
    /// Every object whose key starts with `prefix`, all pages.
    func listObjects(bucket: String, prefix: String) async throws -> [ObjectInfo]
}

extension ObjectStore {
    /// The object's bytes. Throws `AWSError` with code `NoSuchKey` when it does not exist.
    package func getObject(bucket: String, key: String) async throws -> [UInt8] {
        try await object(bucket: bucket, key: key).body
    }

    /// Copies `sourceKey` to `key`, whatever version the source is.
    package func copyObject(bucket: String, sourceKey: String, key: String, ifNoneMatch: Bool) async throws {
        try await copyObject(bucket: bucket, sourceKey: sourceKey, key: key, ifNoneMatch: ifNoneMatch, sourceETag: nil)
    }

    /// Deletes the object, whatever version it is; deleting a missing object succeeds.
    package func deleteObject(bucket: String, key: String) async throws {
        try await deleteObject(bucket: bucket, key: key, ifMatch: nil)
    }

    /// Writes the object. With `ifNoneMatch`, only if no object has that key (`If-None-Match: *`);
    /// otherwise throws `AWSError` with code `PreconditionFailed`, and nothing is overwritten.
    package func putObject(bucket: String, key: String, body: [UInt8], contentType: String, ifNoneMatch: Bool) async throws {
        try await putObject(bucket: bucket, key: key, body: body, contentType: contentType,
                            condition: ifNoneMatch ? .ifAbsent : .none)
    }
}
