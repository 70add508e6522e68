import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `HTTPTransport`: HTTP/1.1 over one reused libcurl easy handle.
///
/// One handle per client, because libcurl keeps open connections in the handle: successive
/// requests to a host reuse one TCP (and TLS) connection, as aws-lambda-cpp's runtime loop does.
/// A handle is not thread-safe, so requests through one client run one at a time (a lock orders
/// them); use several clients for parallel transfers.
///
/// Each transfer runs on a thread of its own (see `TransferThread`), never on the cooperative
/// pool, so a long poll blocks no other task. Cancelling the calling task aborts the transfer at
/// libcurl's next progress check (at most about a second) and throws `CancellationError`.
///
/// Every request starts from `curl_easy_reset` plus the fixed options, so nothing set for one
/// request (method, body, headers, timeout) leaks into the next; the reset keeps the connections.
public final class CurlHTTPClient: CountsRequestsSent, Sendable {
    public struct Configuration: Sendable {
        /// How long to wait for the TCP (and TLS) connection. Zero keeps libcurl's 300 s.
        public var connectTimeout: Duration
        /// The limit for the whole exchange; `nil` or zero means none (the Lambda runtime's `/next`
        /// poll must wait as long as the environment lives). `TransportRequest.timeout` overrides it,
        /// and a request's `.zero` also means none.
        public var totalTimeout: Duration?
        /// Ignore `http_proxy`/`https_proxy`/`no_proxy` from the environment (the Lambda runtime
        /// API is local and must never go through a proxy).
        public var noProxy: Bool
        /// The CA certificates to trust; `nil` leaves libcurl's built-in default.
        public var caBundlePath: String?

        public init(
            connectTimeout: Duration = .seconds(5),
            totalTimeout: Duration? = .seconds(60),
            noProxy: Bool = false,
            caBundlePath: String? = Configuration.detectedCABundlePath
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.noProxy = noProxy
            self.caBundlePath = caBundlePath
        }

        /// The system CA bundle: Debian/Ubuntu's path, then Amazon Linux's (the Lambda image).
        public static let detectedCABundlePath: String? = [
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
        ].first { access($0, R_OK) == 0 }
    }

    public let configuration: Configuration

    private struct Handle {
        /// Created on first use, so that `init` cannot fail.
        var curl: UnsafeMutableRawPointer?
        /// libcurl writes its detailed message here (CURLOPT_ERRORBUFFER).
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        var connectionsOpened = 0
        var requestsSent = 0
    }

    private let handle = Mutex(Handle())

    /// `curl_global_init` must run once before any handle exists; a static `let` runs it once,
    /// thread-safely, on first use.
    private static let globalInitCode: UInt32 = ccurl_global_init_all().rawValue

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        handle.withLock { handle in
            if let curl = handle.curl { curl_easy_cleanup(curl) }
            handle.errorBuffer.deallocate()
        }
    }

    /// How many connections this client's transfers have opened in total (CURLINFO_NUM_CONNECTS):
    /// 1 after any number of keep-alive requests to one host.
    public var connectionsOpened: Int { handle.withLock { $0.connectionsOpened } }

    /// How many requests this client's transfers have put on the wire. Usually one a transfer;
    /// more when libcurl re-sent a request by itself, which it does, for any method, when a
    /// kept-alive connection turns out closed before any answer byte (a server reset, an idle
    /// connection dropped). Counted from libcurl's debug callback, so the count is what the
    /// server saw.
    public var requestsSent: Int { handle.withLock { $0.requestsSent } }

    public func execute(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                TransferThread.run {
                    continuation.resume(with: Result { try self.perform(request, cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    // MARK: - The blocking transfer

    private func perform(_ request: TransportRequest, _ cancellation: CancellationFlag) throws -> TransportResponse {
        let target = Self.target(of: request.url)
        let headerLines = try Self.headerLines(for: request, target: target)
        return try handle.withLock { handle in
            if cancellation.isCancelled { throw CancellationError() }
            let curl = try Self.open(&handle, target: target)
            let sink = ResponseSink(cancellation: cancellation)
            var connects = 0
            defer {
                handle.connectionsOpened += connects
                handle.requestsSent += sink.requestsSent
            }
            let code = withExtendedLifetime(sink) {
                transfer(request, headerLines, on: curl, handle.errorBuffer, into: sink, connects: &connects)
            }
            guard code == CURLE_OK else {
                if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled { throw CancellationError() }
                throw Self.error(code, handle.errorBuffer, target: target)
            }
            var status = 0
            _ = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
            return TransportResponse(status: status, headers: HTTPHeaders(sink.headers), body: sink.body)
        }
    }

    private static func open(_ handle: inout Handle, target: String) throws -> UnsafeMutableRawPointer {
        if let curl = handle.curl { return curl }
        let initCode = CURLcode(rawValue: globalInitCode)
        guard initCode == CURLE_OK else { throw error(initCode, nil, target: target) }
        guard let curl = curl_easy_init() else {
            throw TransportError(kind: .other, curlCode: 0, message: "curl_easy_init failed", target: target)
        }
        handle.curl = curl
        return curl
    }

    /// Sets every option for this request on a freshly reset handle, then runs it.
    private func transfer(
        _ request: TransportRequest,
        _ headerLines: [String],
        on curl: UnsafeMutableRawPointer,
        _ errorBuffer: UnsafeMutablePointer<CChar>,
        into sink: ResponseSink,
        connects: inout Int
    ) -> CURLcode {
        curl_easy_reset(curl)
        errorBuffer[0] = 0
        var failure = CURLE_OK
        func set(_ code: CURLcode) { if failure == CURLE_OK { failure = code } }

        // Fixed options.
        set(ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_long(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1))
        set(ccurl_setopt_long(curl, CURLOPT_SSL_VERIFYPEER, 1))
        set(ccurl_setopt_long(curl, CURLOPT_SSL_VERIFYHOST, 2))
        set(ccurl_restrict_to_http(curl))
        // Send the path exactly as given: libcurl would otherwise resolve `/./` and `/../`,
        // changing an S3 key after it was signed.
        set(ccurl_setopt_long(curl, CURLOPT_PATH_AS_IS, 1))
        if let caBundlePath = configuration.caBundlePath {
            set(ccurl_setopt_string(curl, CURLOPT_CAINFO, caBundlePath))
        }
        if configuration.noProxy { set(ccurl_setopt_string(curl, CURLOPT_NOPROXY, "*")) }
        set(ccurl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        set(ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? configuration.totalTimeout)))

        // Where the response goes, and the cancellation check.
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        set(ccurl_setopt_data_callback(curl, CURLOPT_HEADERFUNCTION, ResponseSink.onHeaderLine))
        set(ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, sinkPointer))
        set(ccurl_setopt_data_callback(curl, CURLOPT_WRITEFUNCTION, ResponseSink.onBody))
        set(ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, sinkPointer))
        set(ccurl_setopt_long(curl, CURLOPT_NOPROGRESS, 0))
        set(ccurl_setopt_xferinfo_callback(curl, ResponseSink.onProgress))
        set(ccurl_setopt_pointer(curl, CURLOPT_XFERINFODATA, sinkPointer))
        // Verbose output goes to the debug callback only (never stderr); it counts requests sent.
        set(ccurl_setopt_long(curl, CURLOPT_VERBOSE, 1))
        set(ccurl_setopt_debug_callback(curl, ResponseSink.onDebug))
        set(ccurl_setopt_pointer(curl, CURLOPT_DEBUGDATA, sinkPointer))

        // The request.
        set(ccurl_setopt_string(curl, CURLOPT_URL, request.url))
        let sendsBody = Self.sendsBody(request)
        switch request.method {
        case .GET where !sendsBody: set(ccurl_setopt_long(curl, CURLOPT_HTTPGET, 1))
        case .HEAD: set(ccurl_setopt_long(curl, CURLOPT_NOBODY, 1))
        case .POST: break  // CURLOPT_POSTFIELDS below makes it a POST
        default: set(ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
        }

        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        for line in headerLines {
            guard let appended = curl_slist_append(list, line) else { return CURLE_OUT_OF_MEMORY }
            list = appended
        }
        set(ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, list))

        // POSTFIELDS points into the body without copying it; the pointer stays valid for the
        // whole perform below. An empty body still needs a non-null pointer.
        let payload: [UInt8] = request.body.isEmpty ? [0] : request.body
        return payload.withUnsafeBytes { bytes in
            if sendsBody {
                set(ccurl_setopt_off_t(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
                set(ccurl_setopt_pointer(curl, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)))
            }
            guard failure == CURLE_OK else { return failure }
            let code = curl_easy_perform(curl)
            var opened = 0
            if ccurl_getinfo_long(curl, CURLINFO_NUM_CONNECTS, &opened) == CURLE_OK { connects = opened }
            return code
        }
    }

    /// PUT, POST and PATCH always carry a body (S3 wants `Content-Length: 0` on an empty PUT);
    /// other methods only when they have one.
    private static func sendsBody(_ request: TransportRequest) -> Bool {
        switch request.method {
        case .PUT, .POST, .PATCH: true
        case .HEAD: false
        case .GET, .DELETE: !request.body.isEmpty
        }
    }

    /// The request's header lines for CURLOPT_HTTPHEADER, plus the ones that turn off libcurl's
    /// own additions: `Expect: 100-continue` (an extra round trip AWS does not need) and, for a
    /// body without a type, `Content-Type: application/x-www-form-urlencoded`.
    /// `Content-Length` is always libcurl's, computed from the body.
    static func headerLines(for request: TransportRequest, target: String) throws -> [String] {
        var lines: [String] = []
        for (name, value) in request.headers {
            guard isToken(name), !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw TransportError(
                    kind: .invalidRequest, curlCode: 0,
                    message: "header field name or value not allowed in HTTP/1.1", target: target)
            }
            if HTTPHeaders.same(name, "Content-Length") || HTTPHeaders.same(name, "Expect") { continue }
            // "Name:" would remove a header in libcurl's syntax; "Name;" sends it empty.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        lines.append("Expect:")
        if sendsBody(request) && !request.headers.contains(name: "Content-Type") {
            lines.append("Content-Type:")
        }
        return lines
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ":")
        }
    }

    /// Whole milliseconds, rounded up so that a tiny timeout never becomes 0 (libcurl's "none").
    static func milliseconds(_ duration: Duration?) -> Int {
        guard let duration, duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        let capped = min(seconds, 1_000_000_000)
        return Int(capped) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    // MARK: - Errors

    static func error(_ code: CURLcode, _ errorBuffer: UnsafeMutablePointer<CChar>?, target: String) -> TransportError {
        var message = ""
        if let errorBuffer, errorBuffer[0] != 0 { message = String(cString: errorBuffer) }
        if message.isEmpty, let text = curl_easy_strerror(code) { message = String(cString: text) }
        return TransportError(kind: kind(of: code), curlCode: Int32(bitPattern: code.rawValue), message: message, target: target)
    }

    static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .nameResolution
        case CURLE_COULDNT_CONNECT:
            // libcurl reports refused and unreachable alike; refused is the common case here.
            .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            .invalidRequest
        default:
            .other
        }
    }

    /// Scheme, host and path: no query (it may hold a presigned signature), no user info.
    static func target(of url: String) -> String {
        var rest = Substring(url.prefix { $0 != "?" && $0 != "#" })
        guard let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") else { return String(rest) }
        let authorityStart = rest.index(colon, offsetBy: 3)
        let scheme = rest[..<authorityStart]
        rest = rest[authorityStart...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        return String(scheme + rest)
    }
}
