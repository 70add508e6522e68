import AWSCore

/// The Amazon Connect error codes the product acts on, named as the service model names its
/// error shapes (botocore's `connect/2017-08-08`).
package enum ConnectErrorCode: String, Sendable, CaseIterable {
    case duplicateResource = "DuplicateResourceException"
    case resourceNotFound = "ResourceNotFoundException"
    case invalidParameter = "InvalidParameterException"
    case invalidRequest = "InvalidRequestException"
    case limitExceeded = "LimitExceededException"
    case serviceQuotaExceeded = "ServiceQuotaExceededException"
    case throttling = "ThrottlingException"
    case tooManyRequests = "TooManyRequestsException"
    case accessDenied = "AccessDeniedException"
    case unrecognizedClient = "UnrecognizedClientException"
    case invalidSignature = "InvalidSignatureException"
    case internalService = "InternalServiceException"
}

extension Error {
    /// The Connect error code of an AWS error response, when it is one the product acts on.
    package var connectCode: ConnectErrorCode? {
        (self as? AWSError).flatMap { ConnectErrorCode(rawValue: $0.code) }
    }
}
