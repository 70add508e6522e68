import CurlTransport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (port 0) with a scripted behaviour, for transport tests.
///
/// POSIX sockets and one thread per connection. Keeps connections alive (Content-Length bodies
/// only), counts accepted connections and records every request. Every blocking call wakes at
/// least every 100 ms to check `stop()`, so no thread outlives the server.
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: HTTPHeaders
        public var body: [UInt8]
        /// The request line and header block exactly as received.
        public var head: String
    }

    public enum Behavior: Sendable {
        /// Answer each request with the handler's response (Content-Length added if missing).
        case respond(@Sendable (Request) -> TransportResponse)
        /// Answer with exactly these bytes (for interim `100 Continue` blocks and the like).
        case respondRaw(@Sendable (Request) -> [UInt8])
        /// Read the request and never answer.
        case stall
        /// Read the request and close the connection without a word.
        case closeWithoutAnswer
        /// Like `respond`, except for the requests whose 1-based number (over all connections)
        /// is in `closing`: those close the connection without a word.
        case respondClosingOn(Set<Int>, @Sendable (Request) -> TransportResponse)
    }

    public struct SocketError: Error { public var call: String; public var errno: Int32 }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private struct State {
        var stopped = false
        var accepted = 0
        var requests: [Request] = []
        var open: Set<Int32> = []
    }

    private let behavior: Behavior
    private let listener: Int32
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    public init(_ behavior: Behavior) throws {
        self.behavior = behavior
        (listener, port) = try Self.bindLoopback(listen: true)
        threads.enter()
        Thread { [self] in acceptLoop(); threads.leave() }.start()
    }

    public var connectionsAccepted: Int { state.withLock { $0.accepted } }
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Stops accepting, breaks every open connection and waits (up to 5 s) for the threads.
    public func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in state.open { shutdown(fd, Int32(SHUT_RDWR)) }
        }
        _ = threads.wait(timeout: .now() + 5)
    }

    /// A port nothing listens on: bound to get a free number, then closed.
    public static func unusedPort() throws -> Int {
        let (fd, port) = try bindLoopback(listen: false)
        close(fd)
        return port
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            Self.setTimeouts(fd)
            let admitted = state.withLock { state in
                guard !state.stopped else { return false }
                state.accepted += 1
                state.open.insert(fd)
                return true
            }
            guard admitted else { close(fd); continue }
            threads.enter()
            Thread { [self] in serve(fd); threads.leave() }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { _ = $0.open.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            let number = state.withLock { state -> Int in
                state.requests.append(request)
                return state.requests.count
            }
            switch behavior {
            case .stall:
                while readMore(fd, &buffer) {}
                return
            case .closeWithoutAnswer:
                return
            case .respondClosingOn(let closing, let handler):
                if closing.contains(number) { return }
                guard writeAll(fd, Self.encode(handler(request), omitBody: request.method == "HEAD")) else { return }
            case .respond(let handler):
                guard writeAll(fd, Self.encode(handler(request), omitBody: request.method == "HEAD")) else { return }
            case .respondRaw(let handler):
                guard writeAll(fd, handler(request)) else { return }
            }
            if request.headers.first(name: "Connection")?.lowercased() == "close" { return }
        }
    }

    /// Reads one request (head, then a Content-Length body); `nil` once the peer or `stop()` closes.
    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4].elementsEqual(terminator) }
            if headEnd == nil { guard buffer.count < 65_536, readMore(fd, &buffer) else { return nil } }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name: String(line[..<colon]), value: value)
        }
        let length = Int(headers.first(name: "Content-Length") ?? "0") ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length {
            guard readMore(fd, &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Request(
            method: String(requestLine[0]), path: String(requestLine[1]),
            headers: headers, body: body, head: head)
    }

    /// Appends what arrives; false on end of stream, error, or stop. Wakes every 100 ms (SO_RCVTIMEO).
    private func readMore(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !isStopped {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 { buffer.append(contentsOf: chunk[..<count]); return true }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { return false }
        }
        return false
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count, !isStopped {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 { sent += count } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return false }
        }
        return sent == bytes.count
    }

    private static func encode(_ response: TransportResponse, omitBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(response.status < 400 ? "OK" : "Error")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if !response.headers.contains(name: "Content-Length") { head += "Content-Length: \(response.body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (omitBody ? [] : response.body)
    }

    private static func setTimeouts(_ fd: Int32) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
    }

    private static func bindLoopback(listen shouldListen: Bool) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(INADDR_LOOPBACK).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let failure: String? = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                if bind(fd, generic, length) != 0 { return "bind" }
                if shouldListen && listen(fd, 64) != 0 { return "listen" }
                if getsockname(fd, generic, &length) != 0 { return "getsockname" }
                return nil
            }
        }
        if let failure {
            let code = errno
            close(fd)
            throw SocketError(call: failure, errno: code)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
