import CurlTransport
import AWSCore
import Foundation
import Glibc
import TestSupport

/// moto's S3 server (the third-party reference, pinned in requirements-test.txt) in a child
/// process on 127.0.0.1 and a free port. `stop()` kills it; call it in a `defer`.
final class MotoServer {
    let process: ChildProcess
    let port: Int
    var endpointURL: String { "http://127.0.0.1:\(port)" }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `moto_server` and waits (at most `timeout`) until it answers.
    static func start(timeout: Duration = .seconds(30)) async throws -> MotoServer {
        guard let executable = findExecutable("moto_server") else {
            throw Failure(description: "moto_server is not on PATH: pip install -r requirements-test.txt")
        }
        let port = try freePort()
        let process = try ChildProcess(executable: executable, arguments: ["-H", "127.0.0.1", "-p", String(port)])
        let server = MotoServer(process: process, port: port)
        let probe = CurlHTTPClient(configuration: .init(connectTimeout: .seconds(1), totalTimeout: .seconds(2)))
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw Failure(description: "moto_server exited before answering")
            }
            if let response = try? await probe.execute(TransportRequest(method: .GET, url: server.endpointURL + "/moto-api/")),
               response.status == 200 {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw Failure(description: "moto_server did not answer on port \(port) within \(timeout)")
    }

    private init(process: ChildProcess, port: Int) {
        self.process = process
        self.port = port
    }

    func stop() {
        process.stop()
    }

    /// A port the kernel picks as free on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
