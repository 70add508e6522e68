@testable import CurlTransport
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct CurlHTTPClientTests {
    /// Answers with the request's method, path and body, and the headers it was sent.
    static let echo = LoopbackHTTPServer.Behavior.respond { request in
        TransportResponse(
            status: 200,
            headers: ["X-Method": request.method, "X-Path": request.path],
            body: request.body)
    }

    @Test func keepsOneConnectionAliveAcrossRequests() async throws {
        let server = try LoopbackHTTPServer(Self.echo)
        defer { server.stop() }
        let client = CurlHTTPClient()
        for index in 0..<20 {
            let response = try await client.execute(TransportRequest(method: .GET, url: "\(server.baseURL)/item/\(index)"))
            #expect(response.status == 200)
            #expect(response.headers.first(name: "x-path") == "/item/\(index)")
        }
        #expect(server.connectionsAccepted == 1)
        #expect(client.connectionsOpened == 1)
        #expect(server.requests.count == 20)
    }

    @Test func stalledServerTimesOut() async throws {
        let server = try LoopbackHTTPServer(.stall)
        defer { server.stop() }
        let client = CurlHTTPClient(configuration: .init(totalTimeout: .milliseconds(300)))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await transportError { try await client.execute(TransportRequest(method: .GET, url: "\(server.baseURL)/next?x=secret")) }
        #expect(error?.kind == .timedOut)
        #expect(error?.target == "\(server.baseURL)/next")
        // The server never answers: ending at all is the timeout working; the bound leaves room
        // for a loaded machine (3.5 s seen with a build running beside it).
        #expect(clock.now - start < .seconds(20))
    }

    @Test func requestTimeoutOverridesTheClients() async throws {
        let server = try LoopbackHTTPServer(.stall)
        defer { server.stop() }
        let client = CurlHTTPClient(configuration: .init(totalTimeout: nil))
        let request = TransportRequest(method: .GET, url: "\(server.baseURL)/", timeout: .milliseconds(200))
        let error = await transportError { try await client.execute(request) }
        #expect(error?.kind == .timedOut)
    }

    @Test func cancellingTheTaskAbortsATransferWithoutTimeout() async throws {
        let server = try LoopbackHTTPServer(.stall)
        defer { server.stop() }
        let client = CurlHTTPClient(configuration: .init(totalTimeout: nil))
        let task = Task { try await client.execute(TransportRequest(method: .GET, url: "\(server.baseURL)/next")) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func refusedPortIsConnectionRefused() async throws {
        let port = try LoopbackHTTPServer.unusedPort()
        let error = await transportError {
            try await CurlHTTPClient().execute(TransportRequest(method: .GET, url: "http://127.0.0.1:\(port)/"))
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.curlCode == 7)
        #expect(error?.message.isEmpty == false)
    }

    @Test func largeBodiesRoundTripWithContentLengthAndNoExpect() async throws {
        let server = try LoopbackHTTPServer(Self.echo)
        defer { server.stop() }
        let body = Self.randomBytes(8 << 20)
        let response = try await CurlHTTPClient().execute(TransportRequest(method: .PUT, url: "\(server.baseURL)/big", body: body))
        #expect(response.status == 200)
        #expect(response.body == body)
        let received = try #require(server.requests.first)
        #expect(received.method == "PUT")
        #expect(received.headers.first(name: "Content-Length") == "\(8 << 20)")
        #expect(!received.headers.contains(name: "Expect"))
        #expect(!received.headers.contains(name: "Transfer-Encoding"))
    }

    @Test func errorStatusesAreResponsesAndHeaderNamesAreCaseInsensitive() async throws {
        let server = try LoopbackHTTPServer(.respond { _ in
            TransportResponse(status: 404, headers: ["X-Amz-Request-Id": "req-1", "Content-Type": "application/xml"],
                         body: Array("<Error><Code>NoSuchKey</Code></Error>".utf8))
        })
        defer { server.stop() }
        let response = try await CurlHTTPClient().execute(TransportRequest(method: .GET, url: "\(server.baseURL)/missing"))
        #expect(response.status == 404)
        #expect(response.headers.first(name: "x-amz-request-id") == "req-1")
        #expect(response.headers.first(name: "CONTENT-TYPE") == "application/xml")
        #expect(response.headers.fields.contains { $0.name == "X-Amz-Request-Id" })
        #expect(response.text == "<Error><Code>NoSuchKey</Code></Error>")
    }

    @Test func keepsOnlyTheFinalHeaderBlock() async throws {
        let server = try LoopbackHTTPServer(.respondRaw { _ in
            Array("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\nHTTP/1.1 201 Created\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok".utf8)
        })
        defer { server.stop() }
        let response = try await CurlHTTPClient().execute(TransportRequest(method: .POST, url: server.baseURL, body: [1]))
        #expect(response.status == 201)
        #expect(!response.headers.contains(name: "X-Interim"))
        #expect(response.headers.first(name: "x-final") == "yes")
        #expect(response.text == "ok")
    }

    @Test func headDeleteAndGetOnOneHandleDoNotLeakIntoEachOther() async throws {
        let server = try LoopbackHTTPServer(.respond { request in
            TransportResponse(status: request.method == "DELETE" ? 204 : 200, body: request.method == "DELETE" ? [] : Array("hello".utf8))
        })
        defer { server.stop() }
        let client = CurlHTTPClient()
        let post = try await client.execute(TransportRequest(method: .POST, url: "\(server.baseURL)/a", body: [1, 2, 3]))
        let head = try await client.execute(TransportRequest(method: .HEAD, url: "\(server.baseURL)/a"))
        let delete = try await client.execute(TransportRequest(method: .DELETE, url: "\(server.baseURL)/a"))
        let get = try await client.execute(TransportRequest(method: .GET, url: "\(server.baseURL)/a"))
        #expect(post.status == 200)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers.first(name: "Content-Length") == "5")
        #expect(delete.status == 204)
        #expect(get.text == "hello")
        let requests = server.requests
        #expect(requests.map(\.method) == ["POST", "HEAD", "DELETE", "GET"])
        #expect(requests[2].body.isEmpty && !requests[2].headers.contains(name: "Content-Length"))
        #expect(requests[3].body.isEmpty && !requests[3].headers.contains(name: "Content-Length"))
        #expect(server.connectionsAccepted == 1)
    }

    @Test func emptyPutSendsContentLengthZero() async throws {
        let server = try LoopbackHTTPServer(Self.echo)
        defer { server.stop() }
        _ = try await CurlHTTPClient().execute(TransportRequest(method: .PUT, url: "\(server.baseURL)/empty"))
        #expect(server.requests.first?.headers.first(name: "Content-Length") == "0")
    }

    @Test func closedWithoutAnswerIsConnectionReset() async throws {
        let server = try LoopbackHTTPServer(.closeWithoutAnswer)
        defer { server.stop() }
        let error = await transportError {
            try await CurlHTTPClient().execute(TransportRequest(method: .GET, url: "\(server.baseURL)/"))
        }
        #expect(error?.kind == .connectionReset)
    }

    /// libcurl re-sends a request by itself when a kept-alive connection closes before any
    /// answer byte; the client's count is what the server saw, not what it was asked to send.
    @Test func requestsSentCountsLibcurlsOwnResend() async throws {
        let server = try LoopbackHTTPServer(.respondClosingOn([2]) { _ in TransportResponse(status: 200, body: Array("ok".utf8)) })
        defer { server.stop() }
        let client = CurlHTTPClient()
        for _ in 0..<2 {
            let response = try await client.execute(TransportRequest(method: .POST, url: "\(server.baseURL)/", body: Array("x".utf8)))
            #expect(response.status == 200)
        }
        #expect(server.requests.count == 3)
        #expect(client.requestsSent == 3)
        #expect(server.connectionsAccepted == 2)
    }

    @Test func postCarriesOnlyTheContentTypeItWasGiven() async throws {
        let server = try LoopbackHTTPServer(Self.echo)
        defer { server.stop() }
        let client = CurlHTTPClient()
        _ = try await client.execute(TransportRequest(method: .POST, url: server.baseURL, body: Array("a=b".utf8)))
        _ = try await client.execute(TransportRequest(
            method: .POST, url: server.baseURL,
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Empty": ""], body: Array("{}".utf8)))
        let requests = server.requests
        #expect(!requests[0].headers.contains(name: "Content-Type"))
        #expect(requests[1].headers["content-type"] == ["application/x-amz-json-1.1"])
        #expect(requests[1].headers.first(name: "X-Empty") == "")
    }

    @Test func unusableRequestsAreInvalidRequest() async throws {
        let client = CurlHTTPClient()
        let scheme = await transportError { try await client.execute(TransportRequest(method: .GET, url: "file:///etc/passwd")) }
        #expect(scheme?.kind == .invalidRequest)
        let injected = await transportError {
            try await client.execute(TransportRequest(method: .GET, url: "http://127.0.0.1:1/", headers: ["X-A": "1\r\nX-B: 2"]))
        }
        #expect(injected?.kind == .invalidRequest)
    }

    @Test func targetDropsQueryAndUserInfo() {
        #expect(CurlHTTPClient.target(of: "https://user:pw@s3.amazonaws.com/b/k?X-Amz-Signature=abc") == "https://s3.amazonaws.com/b/k")
        #expect(CurlHTTPClient.target(of: """
            http://127.0.0.1:9001/2018-06-01/runtime/invocation/next
            """) == "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next")
    }

    private func transportError(_ body: () async throws -> TransportResponse) async -> TransportError? {
        do {
            _ = try await body()
            Issue.record("expected a TransportError, got a response")
            return nil
        } catch let error as TransportError {
            return error
        } catch {
            Issue.record("expected a TransportError, got \(error)")
            return nil
        }
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for offset in stride(from: 0, to: count, by: 8) {
                withUnsafeBytes(of: generator.next()) { word in
                    for index in 0..<min(8, count - offset) { buffer[offset + index] = word[index] }
                }
            }
            initialized = count
        }
    }
}
