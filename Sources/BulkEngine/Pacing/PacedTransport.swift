import AWSCore

/// An `HTTPTransport` whose every request first waits for its operation's lane (the AWS client
/// names the operation of each attempt, retries included), then goes out on a transport of
/// the pool that no other request is using: several lanes send at once, and what the one
/// transport sent for this request (libcurl's own re-sends included) is exactly this request's
/// count. The answer's status goes back to the lane, which slows down on a 429.
package final class PacedTransport: HTTPTransport, Sendable {
    private let pool: TransportPool
    private let lanes: Lanes
    private let metrics: RunMetrics

    package init(_ pool: TransportPool, lanes: Lanes, metrics: RunMetrics) {
        self.pool = pool
        self.lanes = lanes
        self.metrics = metrics
    }

    /// One transport used for everything, one request at a time (tests).
    package convenience init(_ base: any HTTPTransport, lanes: Lanes, metrics: RunMetrics) {
        self.init(TransportPool(base), lanes: lanes, metrics: metrics)
    }

    package func execute(_ request: TransportRequest) async throws -> TransportResponse {
        let lane = lanes.lane(request.operation)
        let ticket = try await lane.waitForTurn()
        return try await pool.using { base in
            let counter = base as? any CountsRequestsSent
            let before = counter?.requestsSent
            func sent() -> Int {
                guard let counter, let before else { return 1 }
                return counter.requestsSent - before
            }
            do {
                let response = try await base.execute(request)
                let sent = sent()
                lane.answered(ticket: ticket, status: response.status, sent: sent)
                metrics.countRequests(sent, throttled: response.status == 429, operation: lane.operation, rate: lane.report.finalRate)
                noteGate()
                return response
            } catch {
                let sent = sent()
                lane.answered(ticket: ticket, status: nil, sent: sent)
                metrics.countRequests(sent, throttled: false, operation: lane.operation, rate: lane.report.finalRate)
                noteGate()
                throw error
            }
        }
    }

    private func noteGate() {
        metrics.noteGate(lanes.gate.counts)
    }
}
