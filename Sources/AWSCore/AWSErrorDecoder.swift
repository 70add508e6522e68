#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns an unsuccessful HTTP response into an `AWSError`, per the service's protocol.
public enum AWSErrorDecoder {
    /// The body formats of AWS error responses.
    public enum ErrorProtocol: Sendable {
        /// rest-json (Amazon Connect), and JSON 1.1 (Service Quotas), which botocore reads the
        /// same way: `x-amzn-ErrorType` header, or `code` / `__type` in a JSON body; `message`
        /// or `Message`.
        case restJSON
        /// rest-xml (S3): `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`.
        case s3XML
    }

    public static func decode(
        _ response: TransportResponse, protocol errorProtocol: ErrorProtocol, service: String, operation: String
    ) -> AWSError {
        var error = AWSError(
            service: service, operation: operation, statusCode: response.status,
            code: String(response.status), message: reasonPhrase(response.status),
            requestID: response.headers.first(name: "x-amzn-RequestId") ?? response.headers.first(name: "x-amz-request-id"),
            retryAfter: response.headers.first(name: "Retry-After"))
        switch errorProtocol {
        case .restJSON: decodeJSON(response, into: &error)
        case .s3XML: decodeXML(response, into: &error)
        }
        return error
    }

    private struct JSONErrorBody: Decodable {
        var type: String?
        var code: String?
        var Code: String?
        var message: String?
        var Message: String?
        var errorMessage: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type", code, Code, message, Message, errorMessage
        }
    }

    /// As botocore's rest-json parser: the header's code wins over the body's, `message` over
    /// `Message`; a code loses anything after `:` and anything up to `#`.
    private static func decodeJSON(_ response: TransportResponse, into error: inout AWSError) {
        let body = try? JSONDecoder().decode(JSONErrorBody.self, from: Data(response.body))
        let rawCode = response.headers.first(name: "x-amzn-ErrorType") ?? body?.code ?? body?.Code ?? body?.type
        if let rawCode, let code = cleanCode(rawCode) { error.code = code }
        if let message = body?.message ?? body?.Message ?? body?.errorMessage { error.message = message }
    }

    private static func decodeXML(_ response: TransportResponse, into error: inout AWSError) {
        guard !response.body.isEmpty, let root = try? XMLTree.parse(response.body) else { return }
        // S3 answers <Error>; some S3-compatible servers wrap it in <ErrorResponse>.
        let element = root.localName == "Error" ? root : (root.child("Error") ?? root)
        if let code = element.childText("Code"), !code.isEmpty { error.code = code }
        if let message = element.childText("Message") { error.message = message }
        if let requestID = element.childText("RequestId"), !requestID.isEmpty { error.requestID = requestID }
    }

    static func cleanCode(_ raw: String) -> String? {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        let trimmed = code.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}
