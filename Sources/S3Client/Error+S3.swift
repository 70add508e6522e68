import AWSCore

extension Error {
    /// The object (or its copy source) does not exist: S3's `NoSuchKey`.
    public var isNoSuchKey: Bool {
        (self as? AWSError)?.code == "NoSuchKey"
    }

    /// A conditional write found the key taken (`If-None-Match: *`): S3's `PreconditionFailed`
    /// (HTTP 412). Nothing was written.
    public var isPreconditionFailed: Bool {
        guard let error = self as? AWSError else { return false }
        return error.code == "PreconditionFailed" || (error.statusCode == 412 && error.code == "412")
    }
}
