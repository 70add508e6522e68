import CurlTransport
import Foundation
import JSONLog
import LambdaRuntime
import Synchronization
import TestSupport
import Testing

/// A scripted Lambda Runtime API on a `LoopbackHTTPServer`: hands out the queued answers to
/// `invocation/next` in order, then 500 (so a loop under test ends), and answers posts with
/// `postStatus(path)`.
final class FakeRuntimeAPI: Sendable {
    struct Options: Sendable {
        var nextDelay: Duration = .zero
        var postDelay: Duration = .zero
        var postStatus: @Sendable (String) -> Int = { _ in 202 }
    }

    let server: LoopbackHTTPServer

    init(_ answers: [TransportResponse], options: Options = Options()) throws {
        let script = Script(answers, options)
        server = try LoopbackHTTPServer(.respond { request in script.answer(request) })
    }

    deinit { server.stop() }

    var runtimeAPI: String { "127.0.0.1:\(server.port)" }
    var requests: [LoopbackHTTPServer.Request] { server.requests }
    var posts: [LoopbackHTTPServer.Request] { server.requests.filter { $0.method == "POST" } }

    func client(requestTimeout: Duration = .seconds(10)) throws -> CurlRuntimeAPIClient {
        try CurlRuntimeAPIClient(runtimeAPI: runtimeAPI, requestTimeout: requestTimeout)
    }

}

/// The scripted answers, shared with the server's connection threads.
private final class Script: Sendable {
    private let queue: Mutex<[TransportResponse]>
    let options: FakeRuntimeAPI.Options

    init(_ answers: [TransportResponse], _ options: FakeRuntimeAPI.Options) {
        queue = Mutex(answers)
        self.options = options
    }

    func answer(_ request: LoopbackHTTPServer.Request) -> TransportResponse {
        if request.method == "GET" && request.path == "/2018-06-01/runtime/invocation/next" {
            pause(options.nextDelay)
            let next = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            return next ?? TransportResponse(
                status: 500, headers: ["Content-Type": "application/json"],
                body: Array(#"{"errorMessage":"State transition from Ready to InvocationResponse failed","errorType":"InvalidStateTransition"}"#.utf8))
        }
        if request.method == "POST" {
            pause(options.postDelay)
            let status = options.postStatus(request.path)
            let body = status < 300 ? #"{"status":"OK"}"# : #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#
            return TransportResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        }
        return TransportResponse(status: 404)
    }

    private func pause(_ duration: Duration) {
        guard duration > .zero else { return }
        Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

extension FakeRuntimeAPI {
    /// A 200 answer to `next`; pass `nil` to leave a header out.
    static func invocation(
        id: String? = "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
        deadline: String? = "1542409706888",
        arn: String? = "arn:aws:lambda:us-east-2:123456789012:function:bulk-agents",
        trace: String? = nil,
        payload: String = #"{"Records":[]}"#
    ) -> TransportResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let id { headers.add(name: "Lambda-Runtime-Aws-Request-Id", value: id) }
        if let deadline { headers.add(name: "Lambda-Runtime-Deadline-Ms", value: deadline) }
        if let arn { headers.add(name: "Lambda-Runtime-Invoked-Function-Arn", value: arn) }
        if let trace { headers.add(name: "Lambda-Runtime-Trace-Id", value: trace) }
        return TransportResponse(status: 200, headers: headers, body: Array(payload.utf8))
    }
}

/// A logger whose lines the test reads.
struct CapturedLog {
    let lines = Recorder<String>()
    var logger: JSONLogger {
        let lines = self.lines
        return JSONLogger(minimumLevel: .debug, sink: { lines.append($0) })
    }
}

/// A posted JSON object.
func jsonObject(_ body: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
}
