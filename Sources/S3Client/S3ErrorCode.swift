import AWSCore

/// The S3 error codes the product acts on.
package enum S3ErrorCode: String, Sendable, CaseIterable {
    case noSuchKey = "NoSuchKey"
    case preconditionFailed = "PreconditionFailed"
    case conditionalRequestConflict = "ConditionalRequestConflict"
}
