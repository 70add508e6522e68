import AWSCore
import Synchronization

/// Transports lent out one request at a time: libcurl's handle serves one transfer at a time,
/// so requests in several lanes at once need a handle each (each keeps its own connection).
/// A request finding every transport busy gets a new one, which then stays in the pool: the
/// pool grows to the most requests that were ever on the wire at once (about one a lane, as
/// each lane's calls follow each other), never to the rows in the window.
///
/// While a request holds a transport no other request uses it, so what the transport counts
/// as sent between the start and the end of `using` is that one request's (`PacedTransport`).
package final class TransportPool: Sendable {
    private struct State {
        var free: [any HTTPTransport]
        var made = 0
        /// Requests waiting for the pool's one transport (a pool that cannot grow).
        var waiting: [CheckedContinuation<any HTTPTransport, Never>] = []
    }

    private let state: Mutex<State>
    /// Makes a transport when every one is busy; nil for a pool of one that cannot grow.
    private let make: (@Sendable () -> any HTTPTransport)?

    package init(make: @escaping @Sendable () -> any HTTPTransport) {
        self.make = make
        state = Mutex(State(free: []))
    }

    /// One transport, lent to one request at a time: requests that find it busy wait for it,
    /// in the order they came.
    package init(_ transport: any HTTPTransport) {
        make = nil
        state = Mutex(State(free: [transport], made: 1))
    }

    /// How many transports the pool has made.
    package var size: Int { state.withLock { $0.made } }

    /// Runs `body` with a transport no one else uses meanwhile.
    func using<T: Sendable>(_ body: (any HTTPTransport) async throws -> T) async throws -> T {
        let transport = await borrow()
        defer { giveBack(transport) }
        return try await body(transport)
    }

    private func borrow() async -> any HTTPTransport {
        enum Next { case lent(any HTTPTransport), make(@Sendable () -> any HTTPTransport), wait }
        let next = state.withLock { state -> Next in
            if let transport = state.free.popLast() { return .lent(transport) }
            guard let make else { return .wait }
            state.made += 1
            return .make(make)
        }
        switch next {
        case .lent(let transport): return transport
        case .make(let make): return make()
        case .wait:
            return await withCheckedContinuation { (continuation: CheckedContinuation<any HTTPTransport, Never>) in
                // The transport may have come back between the two locks.
                let transport = state.withLock { state -> (any HTTPTransport)? in
                    if let transport = state.free.popLast() { return transport }
                    state.waiting.append(continuation)
                    return nil
                }
                if let transport { continuation.resume(returning: transport) }
            }
        }
    }

    private func giveBack(_ transport: any HTTPTransport) {
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
