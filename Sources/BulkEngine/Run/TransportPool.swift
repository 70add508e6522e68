import AWSCore
import Synchronization

/// Transports lent out one request at a time: libcurl's handle serves one transfer at a time,
/// so requests in several lanes at once need a handle each (each keeps its own connection).
/// A request finding every transport busy gets a new one, which then stays in the pool: the
/// pool grows to the most requests that were ever on the wire at once (about one a lane, as
/// each lane's calls follow each other), never to the rows in the window.
public final class TransportPool: Sendable {
    private let free: Mutex<[any HTTPTransport]>
    private let created = Mutex(0)
    private let make: @Sendable () -> any HTTPTransport

    public init(make: @escaping @Sendable () -> any HTTPTransport) {
        self.make = make
        free = Mutex([])
    }

    /// One transport, used one request at a time: requests that meet it busy wait for it.
    public init(_ transport: any HTTPTransport) {
        let single = SerialTransport(transport)
        make = { single }
        free = Mutex([single])
    }

    /// How many transports the pool has made.
    public var size: Int { created.withLock { $0 } }

    /// Runs `body` with a transport no one else uses meanwhile.
    func using<T: Sendable>(_ body: (any HTTPTransport) async throws -> T) async throws -> T {
        let transport = free.withLock { $0.popLast() } ?? {
            created.withLock { $0 += 1 }
            return make()
        }()
        defer { free.withLock { $0.append(transport) } }
        return try await body(transport)
    }
}

/// A transport whose requests go one at a time, in the order they came (so that its count of
/// requests sent, before and after, is one request's).
final class SerialTransport: HTTPTransport, CountsRequestsSent, Sendable {
    private let base: any HTTPTransport
    private struct State {
        var busy = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    private let sentCount = Mutex(0)

    init(_ base: any HTTPTransport) { self.base = base }

    var requestsSent: Int { sentCount.withLock { $0 } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = state.withLock { state -> Bool in
                guard state.busy else {
                    state.busy = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
        defer {
            let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.waiting.isEmpty else {
                    state.busy = false
                    return nil
                }
                return state.waiting.removeFirst()
            }
            next?.resume()
        }
        let counter = base as? any CountsRequestsSent
        let before = counter?.requestsSent ?? 0
        defer { sentCount.withLock { $0 += counter.map { $0.requestsSent - before } ?? 1 } }
        return try await base.execute(request)
    }
}
