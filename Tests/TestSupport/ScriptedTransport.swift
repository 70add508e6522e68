import CurlTransport
import Synchronization

/// An `HTTPTransport` that answers from a script and records what it was sent.
public final class ScriptedTransport: HTTPTransport, Sendable {
    public enum Step: Sendable {
        case respond(TransportResponse)
        case fail(TransportError)
    }

    private struct State {
        var steps: [Step]
        var requests: [TransportRequest] = []
    }

    private let state: Mutex<State>

    public init(_ steps: [Step]) {
        state = Mutex(State(steps: steps))
    }

    /// Every request executed, in order.
    public var requests: [TransportRequest] { state.withLock { $0.requests } }

    public func execute(_ request: TransportRequest) async throws -> TransportResponse {
        let step = state.withLock { state -> Step? in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let response)?: return response
        case .fail(let error)?: throw error
        case nil: throw TransportError(kind: .other, curlCode: 0, message: "script exhausted", target: request.url)
        }
    }
}

extension TransportResponse {
    /// A JSON error response as Amazon Connect sends one.
    public static func connectError(_ status: Int, _ type: String, _ message: String, headers extra: HTTPHeaders = [:]) -> TransportResponse {
        var headers: HTTPHeaders = [
            "x-amzn-RequestId": "00000000-0000-0000-0000-000000000001",
            "x-amzn-ErrorType": "\(type):http://internal.amazon.com/coral/com.amazonaws.connect/",
            "Content-Type": "application/json",
        ]
        for field in extra { headers.add(name: field.name, value: field.value) }
        return TransportResponse(status: status, headers: headers, body: Array("{\"Message\":\"\(message)\"}".utf8))
    }
}
