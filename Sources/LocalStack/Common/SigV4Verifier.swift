import AWSCore
import Foundation

/// The server side of SigV4: rebuilds the canonical request from what arrived (method, path,
/// query, the headers named in `SignedHeaders`) and compares signatures, as AWS's front ends do.
public struct SigV4Verifier: Sendable {
    /// A key pair the local stack knows, with the session token that must accompany it, if any.
    public struct Key: Codable, Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String?
        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
    public struct Authorization: Sendable, Equatable {
        public var accessKeyID: String
        public var date: String
        public var region: String
        public var service: String
        public var signedHeaders: [String]
        public var signature: String

        public init?(_ header: String) {
            guard header.hasPrefix(SigV4Signer.algorithm + " ") else { return nil }
            var fields: [String: String] = [:]
            for part in header.dropFirst(SigV4Signer.algorithm.count + 1).split(separator: ",") {
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "=") else { return nil }
                fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
            }
            guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
                  let signature = fields["Signature"] else { return nil }
            let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard scope.count == 5, scope[4] == "aws4_request" else { return nil }
            accessKeyID = scope[0]
            date = scope[1]
            region = scope[2]
            service = scope[3]
            self.signedHeaders = signedHeaders.split(separator: ";").map(String.init)
            self.signature = signature
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        case missingAuthentication
        case incompleteSignature(String)
        case unknownAccessKey
        case invalidToken
        case expired(requestTime: String, serverTime: String)
        case signatureMismatch
        case payloadHashMismatch
    }

    public let keys: [Key]
    public let maxSkew: TimeInterval
    let now: @Sendable () -> Date

    public init(keys: [Key], maxSkew: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.keys = keys
        self.maxSkew = maxSkew
        self.now = now
    }

    static let unsignedPayloads: Set<String> = [
        "UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    ]

    /// Checks `request`, and returns its parsed `Authorization` when the signature is good.
    public func verify(_ request: LocalRequest) -> Result<Authorization, Failure> {
        guard let header = request.headers.first(name: "Authorization") else { return .failure(.missingAuthentication) }
        guard let authorization = Authorization(header) else {
            return .failure(.incompleteSignature("""
                Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters, and a credential scope of the form \
                key/date/region/service/aws4_request.
                """))
        }
        guard let amzDate = request.headers.first(name: "X-Amz-Date"),
              let requestTime = UTCDateTime.date(fromSigV4Timestamp: amzDate) else {
            return .failure(.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."))
        }
        guard authorization.signedHeaders.contains("host") else {
            return .failure(.incompleteSignature("'Host' must be a signed header."))
        }
        guard let key = keys.first(where: { $0.accessKeyID == authorization.accessKeyID }) else {
            return .failure(.unknownAccessKey)
        }
        if let token = key.sessionToken, request.headers.first(name: "X-Amz-Security-Token") != token {
            return .failure(.invalidToken)
        }
        let serverTime = now()
        if abs(serverTime.timeIntervalSince(requestTime)) > maxSkew {
            return .failure(.expired(requestTime: amzDate, serverTime: UTCDateTime(serverTime).sigV4Timestamp))
        }
        let isS3 = authorization.service == "s3"
        var payloadHash = Crypto.hex(Crypto.sha256(request.body))
        if isS3 {
            guard let declared = request.headers.first(name: "X-Amz-Content-SHA256") else {
                return .failure(.incompleteSignature("Missing required header for this request: x-amz-content-sha256"))
            }
            if !Self.unsignedPayloads.contains(declared) && declared != payloadHash { return .failure(.payloadHashMismatch) }
            payloadHash = declared
        }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey),
            region: authorization.region, service: authorization.service, flavor: isS3 ? .s3 : .standard)
        let url = "http://" + (request.headers.first(name: "Host") ?? "localhost") + request.path
            + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery)
        let canonical = signer.canonicalRequest(
            TransportRequest(method: HTTPMethod(rawValue: request.method) ?? .GET, url: url, headers: request.headers),
            payloadHash: payloadHash, signedHeaderNames: Set(authorization.signedHeaders))
        let scope = "\(authorization.date)/\(authorization.region)/\(authorization.service)/aws4_request"
        let expected = SigV4Signer.signature(
            stringToSign: signer.stringToSign(canonicalRequest: canonical.text, timestamp: amzDate, scope: scope),
            key: signer.signingKey(dateStamp: authorization.date))
        guard constantTimeEqual(expected, authorization.signature) else { return .failure(.signatureMismatch) }
        return .success(authorization)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension SigV4Verifier.Failure {
    /// The answer Amazon Connect's front end gives (rest-json).
    public func connectResponse(requestID: String) -> TransportResponse {
        let (status, type, message): (Int, String, String) = switch self {
        case .missingAuthentication: (403, "MissingAuthenticationTokenException", "Missing Authentication Token")
        case .incompleteSignature(let detail): (403, "IncompleteSignatureException", detail)
        case .unknownAccessKey, .invalidToken: (403, "UnrecognizedClientException", "The security token included in the request is invalid.")
        case .expired(let requestTime, let serverTime):
            (403, "InvalidSignatureException", "Signature expired: \(requestTime) is now earlier than \(serverTime) (\(serverTime) - 5 min.)")
        case .signatureMismatch, .payloadHashMismatch:
            (403, "InvalidSignatureException", """
                The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. \
                Consult the service documentation for details.
                """)
        }
        return AWSErrorResponse.json(status: status, type: type, message: message, requestID: requestID)
    }

    /// The answer S3 gives (rest-xml).
    public func s3Response(requestID: String, head: Bool) -> TransportResponse {
        let (status, code, message): (Int, String, String) = switch self {
        case .missingAuthentication: (403, "AccessDenied", "Access Denied")
        case .incompleteSignature(let detail): (400, "AuthorizationHeaderMalformed", detail)
        case .unknownAccessKey: (403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
        case .invalidToken: (400, "InvalidToken", "The provided token is malformed or otherwise invalid.")
        case .expired: (403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
        case .signatureMismatch: (403, "SignatureDoesNotMatch", """
            The request signature we calculated does not match the signature you provided. Check your key and signing method.
            """)
        case .payloadHashMismatch: (400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
        }
        return AWSErrorResponse.xml(status: status, code: code, message: message, requestID: requestID, head: head)
    }
}
