/// A 2xx answer from S3 that the client could not read (not the XML the model describes).
/// Error answers are `AWSError`, including the `<Error>` S3 may send with 200 for CopyObject.
package struct S3ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation, as the model names it: `ListObjectsV2`.
    package var operation: String
    /// What was wrong, for people.
    package var message: String

    package init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    package var description: String { "S3 \(operation): malformed response: \(message)" }
}
