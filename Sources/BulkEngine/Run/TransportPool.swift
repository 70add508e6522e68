import AWSCore
import Synchronization

/// Transports lent out one request at a time: libcurl's handle serves one transfer at a time,
/// so requests in several lanes at once need a handle each (each keeps its own connection).
/// A request finding every transport busy waits, in the order it came, for the first freed.
public final class TransportPool: Sendable {
    private struct State {
        var free: [any HTTPTransport]
        var waiting: [CheckedContinuation<any HTTPTransport, Never>] = []
    }

    private let state: Mutex<State>
    public let size: Int

    public init(_ transports: [any HTTPTransport]) {
        precondition(!transports.isEmpty, "a pool needs a transport")
        size = transports.count
        state = Mutex(State(free: transports))
    }

    public convenience init(size: Int, make: () -> any HTTPTransport) {
        self.init((0..<max(1, size)).map { _ in make() })
    }

    /// Runs `body` with a transport no one else uses meanwhile.
    func using<T: Sendable>(_ body: (any HTTPTransport) async throws -> T) async throws -> T {
        let transport = await take()
        defer { give(transport) }
        return try await body(transport)
    }

    private func take() async -> any HTTPTransport {
        if let transport = state.withLock({ $0.free.popLast() }) { return transport }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> (any HTTPTransport)? in
                if let transport = state.free.popLast() { return transport }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func give(_ transport: any HTTPTransport) {
        let waiter = state.withLock { state -> CheckedContinuation<any HTTPTransport, Never>? in
            guard !state.waiting.isEmpty else {
                state.free.append(transport)
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(returning: transport)
    }
}
