import AWSCore

extension Error {
    /// The S3 error code of an AWS error response, when it is one the product acts on.
    package var s3Code: S3ErrorCode? {
        (self as? AWSError).flatMap { S3ErrorCode(rawValue: $0.code) }
    }

    /// The object (or its copy source) does not exist: S3's `NoSuchKey`.
    package var isNoSuchKey: Bool { s3Code == .noSuchKey }

    /// A conditional write found the key taken (`If-None-Match: *`): S3's `PreconditionFailed`
    /// (HTTP 412). Nothing was written. A HEAD answers 412 without a code.
    package var isPreconditionFailed: Bool {
        guard let error = self as? AWSError else { return false }
        return s3Code == .preconditionFailed || (error.statusCode == 412 && error.code == "412")
    }

    /// S3's 409 `ConditionalRequestConflict`: a conditional write raced another one.
    package var isConditionalConflict: Bool { s3Code == .conditionalRequestConflict }
}
