import AWSCore

/// An S3 error answer: the HTTP status, the `<Code>` botocore maps to an exception, and the
/// message S3 writes. Thrown inside the service, turned into the XML body at its edge.
struct S3Error: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String
    var resource: String = ""

    func response(requestID: String, head: Bool) -> TransportResponse {
        var response = AWSErrorResponse.xml(status: status, code: code, message: message, resource: resource,
                                            requestID: requestID, head: head)
        response.headers.add(name: "x-amz-id-2", value: S3Service.hostID(for: requestID))
        return response
    }

    static func noSuchBucket(_ bucket: String) -> S3Error {
        S3Error(status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist", resource: bucket)
    }

    static func noSuchKey(bucket: String, key: String) -> S3Error {
        S3Error(status: 404, code: "NoSuchKey", message: "The specified key does not exist.", resource: "/\(bucket)/\(key)")
    }

    static func preconditionFailed(_ condition: String) -> S3Error {
        S3Error(status: 412, code: "PreconditionFailed",
                message: "At least one of the pre-conditions you specified did not hold", resource: condition)
    }

    /// A header the stand-in does not model: refused, as S3 refuses what it does not support.
    static func notImplemented(_ header: String) -> S3Error {
        S3Error(status: 501, code: "NotImplemented",
                message: "A header you provided implies functionality that is not implemented", resource: header)
    }

    static func invalidArgument(_ message: String, _ resource: String = "") -> S3Error {
        S3Error(status: 400, code: "InvalidArgument", message: message, resource: resource)
    }
}
