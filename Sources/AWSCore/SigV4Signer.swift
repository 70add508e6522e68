#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS Signature Version 4, as botocore computes it.
///
/// Two flavours, as botocore has two signers: `.standard` (`SigV4Auth`: the path is normalized,
/// then percent-encoded a second time) for Amazon Connect and other services, and `.s3`
/// (`S3SigV4Auth`: the path is used as encoded once, and `X-Amz-Content-SHA256` is sent).
/// The payload is always signed. The steps are separate functions so tests, and the local
/// stack's signature check, reach each of them.
public struct SigV4Signer: Sendable {
    public enum Flavor: Sendable { case standard, s3 }

    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Header names never signed: hop-by-hop headers a proxy may change, and those that
    /// clients and Lambda rewrite (botocore's `SIGNED_HEADERS_BLACKLIST`).
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public let flavor: Flavor

    public init(credentials: AWSCredentials, region: String, service: String, flavor: Flavor = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.flavor = flavor
    }

    /// `request` with `X-Amz-Date`, `X-Amz-Security-Token` (session credentials),
    /// `X-Amz-Content-SHA256` (S3) and `Authorization` set for the moment `date`. Any earlier
    /// values of those headers are replaced, so a retry can be signed again.
    public func signed(_ request: TransportRequest, date: Date) -> TransportRequest {
        let time = UTCDateTime(date)
        var request = request
        request.headers.remove(name: "Authorization")
        request.headers.replaceOrAdd(name: "X-Amz-Date", value: time.sigV4Timestamp)
        if let token = credentials.sessionToken {
            request.headers.replaceOrAdd(name: "X-Amz-Security-Token", value: token)
        }
        let payloadHash = Crypto.hex(Crypto.sha256(request.body))
        if flavor == .s3 {
            request.headers.replaceOrAdd(name: "X-Amz-Content-SHA256", value: payloadHash)
        }
        let canonical = canonicalRequest(request, payloadHash: payloadHash)
        let scope = credentialScope(time)
        let signature = Self.signature(
            stringToSign: stringToSign(canonicalRequest: canonical.text, timestamp: time.sigV4Timestamp, scope: scope),
            key: signingKey(dateStamp: time.dateStamp))
        request.headers.add(
            name: "Authorization",
            value: """
                \(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)
                """)
        return request
    }

    /// The canonical request and the `;`-joined names of the headers it signs.
    public struct CanonicalRequest: Sendable, Equatable {
        public let text: String
        public let signedHeaders: String
    }

    /// Method, canonical URI, canonical query, canonical headers, signed headers, payload hash,
    /// one per line. Signs every header but the unsigned ones, plus `host` from the URL when
    /// the request has none (the transport sends it so). A verifier passes the names the
    /// client listed in `SignedHeaders` instead, and exactly those are used.
    public func canonicalRequest(
        _ request: TransportRequest, payloadHash: String, signedHeaderNames: Set<String>? = nil
    ) -> CanonicalRequest {
        let url = RequestURL(request.url)
        var signed: [String: [String]] = [:]
        for field in request.headers {
            let name = field.name.lowercased()
            let included = signedHeaderNames.map { $0.contains(name) } ?? !Self.unsignedHeaders.contains(name)
            if included { signed[name, default: []].append(field.value) }
        }
        if signed["host"] == nil { signed["host"] = [url.hostHeader] }
        let names = signed.keys.sorted(by: Self.byteOrder)
        let headerLines = names.map { name in
            name + ":" + signed[name]!.map(Self.trimAll).joined(separator: ",")
        }
        let signedHeaders = names.joined(separator: ";")
        let text = [
            request.method.rawValue,
            canonicalURI(url.path),
            Self.canonicalQuery(url.query),
            headerLines.joined(separator: "\n") + "\n",
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// S3: the path as sent. Others: dot segments and empty segments removed, then encoded
    /// again (so `%20` on the wire is `%2520` here), as botocore and the services do.
    func canonicalURI(_ path: Substring) -> String {
        switch flavor {
        case .s3:
            return path.isEmpty ? "/" : String(path)
        case .standard:
            return AWSURIEncoding.percentEncode(Self.removeDotSegments(path), safe: "/")
        }
    }

    /// RFC 3986 section 5.2.4, and consecutive slashes folded, as botocore's `remove_dot_segments`.
    static func removeDotSegments(_ path: Substring) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        let first = path.first == "/" ? "/" : ""
        let last = path.last == "/" && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Each `name=value` pair decoded and encoded again strictly, then sorted by name and, for
    /// repeated names, by value. A pair without `=` has an empty value.
    static func canonicalQuery(_ query: Substring) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> (String, String) in
            let equals = pair.firstIndex(of: "=")
            let name = equals.map { pair[..<$0] } ?? pair
            let value = equals.map { pair[pair.index(after: $0)...] } ?? ""
            return (AWSURIEncoding.percentEncode(bytes: AWSURIEncoding.percentDecode(name)),
                    AWSURIEncoding.percentEncode(bytes: AWSURIEncoding.percentDecode(value)))
        }
        return pairs
            .sorted { $0.0 != $1.0 ? byteOrder($0.0, $1.0) : byteOrder($0.1, $1.1) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Leading and trailing white space removed, inner runs folded to one space (SigV4's
    /// Trimall; white space as Python's `str.split()` sees it, which botocore uses).
    static func trimAll(_ value: String) -> String {
        value.utf8.split(whereSeparator: isWhitespace).map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: " ")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }

    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `20150830/us-east-1/connect/aws4_request`.
    public func credentialScope(_ time: UTCDateTime) -> String {
        "\(time.dateStamp)/\(region)/\(service)/aws4_request"
    }

    public func stringToSign(canonicalRequest: String, timestamp: String, scope: String) -> String {
        [Self.algorithm, timestamp, scope, Crypto.hex(Crypto.sha256(Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// HMAC chain `AWS4<secret>` → date → region → service → `aws4_request`.
    public func signingKey(dateStamp: String) -> [UInt8] {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = Crypto.hmacSHA256(key: key, message: Array(part.utf8))
        }
        return key
    }

    public static func signature(stringToSign: String, key: [UInt8]) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: key, message: Array(stringToSign.utf8)))
    }
}
