import CurlTransport

/// The Runtime API over libcurl, as aws-lambda-cpp talks to it.
///
/// One `CurlHTTPClient` (one reused easy handle, so one keep-alive connection) for the whole
/// loop, never through a proxy, with a short connect timeout: the API is on the same host.
/// `next` has no total timeout, because a frozen execution environment can sit in that call for
/// any length of time; the posts have `requestTimeout`.
///
/// Headers are checked, not asserted: an invocation without a request id or a deadline is a
/// `RuntimeAPIError` (`invalidInvocation`) that the loop handles.
package struct CurlRuntimeAPIClient: RuntimeAPIClient {
    /// `http://<AWS_LAMBDA_RUNTIME_API>/2018-06-01/runtime`.
    package let baseURL: String
    /// The limit for a response, error or init-error post.
    package let requestTimeout: Duration
    let transport: any HTTPTransport

    /// A client for `runtimeAPI` (`host:port`, as `AWS_LAMBDA_RUNTIME_API` has it).
    package init(
        runtimeAPI: String,
        connectTimeout: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(10)
    ) throws(RuntimeAPIError) {
        let transport = CurlHTTPClient(configuration: .init(
            connectTimeout: connectTimeout, totalTimeout: requestTimeout, noProxy: true, caBundlePath: nil))
        try self.init(runtimeAPI: runtimeAPI, transport: transport, requestTimeout: requestTimeout)
    }

    /// A client over any transport (tests pass a scripted one).
    package init(runtimeAPI: String, transport: any HTTPTransport, requestTimeout: Duration = .seconds(10)) throws(RuntimeAPIError) {
        try Self.validate(runtimeAPI)
        self.baseURL = "http://\(runtimeAPI)/2018-06-01/runtime"
        self.transport = transport
        self.requestTimeout = requestTimeout
    }

    /// The client for `AWS_LAMBDA_RUNTIME_API` (`variable` reads one environment variable).
    package static func fromEnvironment(
        _ variable: (String) -> String? = LambdaEnvironment.variable,
        connectTimeout: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(10)
    ) throws(RuntimeAPIError) -> CurlRuntimeAPIClient {
        guard let runtimeAPI = variable("AWS_LAMBDA_RUNTIME_API"), !runtimeAPI.isEmpty else {
            throw RuntimeAPIError(
                code: .invalidConfiguration,
                message: "AWS_LAMBDA_RUNTIME_API is not set: run this binary as a Lambda custom runtime (or under the local stack)")
        }
        return try CurlRuntimeAPIClient(runtimeAPI: runtimeAPI, connectTimeout: connectTimeout, requestTimeout: requestTimeout)
    }

    // MARK: - The four calls

    package func next() async throws -> LambdaInvocation {
        // `.zero`: no total timeout for the long poll, whatever the transport's default.
        let response = try await transport.execute(TransportRequest(method: .GET, url: baseURL + "/invocation/next", timeout: .zero))
        switch response.status {
        case 200: return try Self.invocation(from: response)
        default: throw Self.failure(response, requestID: nil, onReport: false)
        }
    }

    package func respond(requestID: String, body: [UInt8]) async throws {
        try await post("/invocation/\(requestID)/response", body: body, headers: [:], requestID: requestID)
    }

    package func fail(requestID: String, error: LambdaFunctionError) async throws {
        try await post("/invocation/\(requestID)/error", body: error.json, headers: Self.errorHeaders(error), requestID: requestID)
    }

    package func initError(_ error: LambdaFunctionError) async throws {
        try await post("/init/error", body: error.json, headers: Self.errorHeaders(error), requestID: nil)
    }

    // MARK: - Details

    private func post(_ path: String, body: [UInt8], headers: HTTPHeaders, requestID: String?) async throws {
        let request = TransportRequest(method: .POST, url: baseURL + path, headers: headers, body: body, timeout: requestTimeout)
        let response = try await transport.execute(request)
        guard (200..<300).contains(response.status) else {
            throw Self.failure(response, requestID: requestID, onReport: true)
        }
    }

    static func errorHeaders(_ error: LambdaFunctionError) -> HTTPHeaders {
        // The header value must be one line; the JSON body keeps the type whole.
        let type = String(error.errorType.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        return ["Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": type]
    }

    /// The invocation in a 200 answer to `next`, or why there is none.
    static func invocation(from response: TransportResponse) throws(RuntimeAPIError) -> LambdaInvocation {
        let headers = response.headers
        guard let requestID = headers.first(name: "Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw RuntimeAPIError(code: .invalidInvocation, status: 200,
                                  message: "the invocation has no Lambda-Runtime-Aws-Request-Id header")
        }
        guard isUsableRequestID(requestID) else {
            // It goes into the response path: never send a reply to a path it could redirect.
            throw RuntimeAPIError(code: .invalidInvocation, status: 200,
                                  message: "the Lambda-Runtime-Aws-Request-Id header is not a usable id")
        }
        guard let deadline = headers.first(name: "Lambda-Runtime-Deadline-Ms") else {
            throw RuntimeAPIError(code: .invalidInvocation, status: 200, requestID: requestID,
                                  message: "the invocation has no Lambda-Runtime-Deadline-Ms header")
        }
        guard let deadlineMs = Int64(deadline), deadlineMs > 0 else {
            throw RuntimeAPIError(code: .invalidInvocation, status: 200, requestID: requestID,
                                  message: "Lambda-Runtime-Deadline-Ms is not a positive whole number of milliseconds")
        }
        let traceID = headers.first(name: "Lambda-Runtime-Trace-Id").flatMap { $0.isEmpty ? nil : $0 }
        return LambdaInvocation(
            requestID: requestID,
            deadlineMs: deadlineMs,
            invokedFunctionARN: headers.first(name: "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: traceID,
            payload: response.body)
    }

    /// Letters, digits and `-._~` (a UUID in practice), at most 256 of them.
    static func isUsableRequestID(_ id: String) -> Bool {
        id.utf8.count <= 256 && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                true
            default:
                false
            }
        }
    }

    /// A status other than the expected one: 5xx ends the process; 4xx to a report loses that
    /// report only; anything else on `next` ends the process too.
    static func failure(_ response: TransportResponse, requestID: String?, onReport: Bool) -> RuntimeAPIError {
        let said = apiMessage(response.body)
        let code: RuntimeAPIError.Code
        let message: String
        switch response.status {
        case 500..<600:
            code = .containerError
            message = "the Runtime API reports a broken execution environment; the runtime must exit"
        case 400..<500 where onReport:
            code = .rejected
            message = "the Runtime API refused the report"
        default:
            code = .unexpectedStatus
            message = onReport ? "unexpected answer to a report" : "unexpected answer to invocation/next"
        }
        return RuntimeAPIError(code: code, status: response.status, requestID: requestID,
                               message: said.isEmpty ? message : "\(message): \(said)")
    }

    /// The Runtime API's own words (a small JSON error), cut short and kept to one line.
    static func apiMessage(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }

    /// `host:port`: a host (a name, an IPv4 address or a bracketed IPv6 one) and a port 1–65535.
    static func validate(_ runtimeAPI: String) throws(RuntimeAPIError) {
        func invalid() -> RuntimeAPIError {
            RuntimeAPIError(code: .invalidConfiguration,
                            message: "AWS_LAMBDA_RUNTIME_API must be host:port, not '\(apiMessage(Array(runtimeAPI.utf8.prefix(100))))'")
        }
        guard let colon = runtimeAPI.lastIndex(of: ":") else { throw invalid() }
        let host = runtimeAPI[..<colon]
        let port = runtimeAPI[runtimeAPI.index(after: colon)...]
        guard let number = Int(port), (1...65_535).contains(number), port.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw invalid()
        }
        let allowed: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
                true
            default:
                false
            }
        }
        guard !host.isEmpty, host.utf8.allSatisfy(allowed) else { throw invalid() }
        if host.contains(":") && !(host.hasPrefix("[") && host.hasSuffix("]")) { throw invalid() }
    }
}
