import AWSCore
import Foundation
import Synchronization

/// The queue behind the Runtime API: long-polling `next`, hand-off to waiting pollers,
/// answers, deadlines and retries. Functions taking `inout State` run under the lock; the
/// continuations they return are resumed after it is released.
extension LambdaRuntimeService {
    /// `GET /runtime/invocation/next`: the next ready attempt, waiting as long as it takes. If
    /// the poll is cancelled (the client went away), an attempt already taken goes back to the
    /// front of the queue.
    func next() async -> TransportResponse {
        let waiterID = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let delivery: Delivery? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery?, Never>) in
                let handoffs: [(Waiter, Delivery)]? = state.withLock { state in
                    if Task.isCancelled { return nil }
                    state.waiters.append(Waiter(id: waiterID, continuation: continuation))
                    return dispatch(&state, at: now())
                }
                guard let handoffs else { return continuation.resume(returning: nil) }
                resume(handoffs)
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
        guard let delivery else {
            return Self.json(status: 500, #"{"errorMessage":"The poll was cancelled","errorType":"Cancelled"}"#)
        }
        if Task.isCancelled {
            putBack(delivery.requestID)
            return Self.json(status: 500, #"{"errorMessage":"The poll was cancelled","errorType":"Cancelled"}"#)
        }
        let deadlineMs = Int64((delivery.deadline.timeIntervalSince1970 * 1000).rounded(.down))
        return TransportResponse(status: 200, headers: [
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": delivery.requestID,
            "Lambda-Runtime-Deadline-Ms": String(deadlineMs),
            "Lambda-Runtime-Invoked-Function-Arn": options.functionARN,
            "Lambda-Runtime-Trace-Id": delivery.traceID,
        ], body: delivery.payload)
    }

    /// An attempt taken by a poll whose client is gone: not started after all.
    private func putBack(_ requestID: String) {
        let moment = now()
        let handoffs = state.withLock { state -> [(Waiter, Delivery)] in
            guard state.running.contains(requestID), let location = state.attempts[requestID] else { return [] }
            state.running.remove(requestID)
            state.events[location.event].attemptDetails[location.attempt].status = .pending
            state.events[location.event].attemptDetails[location.attempt].startedAt = nil
            state.events[location.event].attemptDetails[location.attempt].deadline = nil
            state.events[location.event].attempts -= 1
            state.events[location.event].status = .pending
            state.ready.insert(requestID, at: 0)
            return dispatch(&state, at: moment)
        }
        resume(handoffs)
    }

    /// `POST /runtime/invocation/{id}/response` (`errorType == nil`) or `/error`.
    func answer(requestID: String, body: [UInt8], errorType: String?) -> TransportResponse {
        let moment = now()
        let (accepted, handoffs) = state.withLock { state -> (Bool, [(Waiter, Delivery)]) in
            guard let location = state.attempts[requestID] else { return (false, []) }
            guard state.running.contains(requestID) else {
                let attempt = state.events[location.event].attemptDetails[location.attempt]
                state.events[location.event].rejected.append(InvocationRecord.RejectedAnswer(
                    requestID: requestID, kind: errorType == nil ? "response" : "error", attemptStatus: attempt.status,
                    body: String(decoding: body, as: UTF8.self), at: moment))
                return (false, [])
            }
            let text = String(decoding: body, as: UTF8.self)
            if let errorType {
                state.events[location.event].error = text
                state.events[location.event].errorType = errorType
                finish(&state, requestID: requestID, as: .failed, at: moment)
            } else {
                state.events[location.event].response = text
                finish(&state, requestID: requestID, as: .succeeded, at: moment)
            }
            return (true, dispatch(&state, at: moment))
        }
        resume(handoffs)
        return accepted ? Self.accepted() : Self.invalidRequestID()
    }

    // MARK: Under the lock

    /// A new event with its first attempt ready; returns that attempt's request id.
    static func addEvent(_ state: inout State, payload: [UInt8], at moment: Date, redeliveryOf: String?) -> String {
        let requestID = newRequestID()
        state.events.append(InvocationRecord(
            eventID: newRequestID(), requestIDs: [requestID], payload: String(decoding: payload, as: UTF8.self),
            status: .pending, attempts: 0,
            attemptDetails: [.init(requestID: requestID, status: .pending, queuedAt: moment)],
            createdAt: moment, redeliveryOf: redeliveryOf, rejected: []))
        state.payloads.append(payload)
        state.attempts[requestID] = (state.events.count - 1, 0)
        state.ready.append(requestID)
        return requestID
    }

    /// Ends a running attempt; after an error or a missed deadline, queues the next attempt
    /// (new request id, after `retryDelay`) while retries are left.
    func finish(_ state: inout State, requestID: String, as outcome: InvocationRecord.Status, at moment: Date) {
        guard let location = state.attempts[requestID] else { return }
        state.running.remove(requestID)
        state.events[location.event].attemptDetails[location.attempt].status = outcome
        state.events[location.event].attemptDetails[location.attempt].finishedAt = moment
        let delivered = state.events[location.event].attempts
        if outcome == .succeeded || delivered > options.maxRetries {
            state.events[location.event].status = outcome
            state.events[location.event].finishedAt = moment
            return
        }
        let retryID = Self.newRequestID()
        state.events[location.event].status = .pending
        state.events[location.event].requestIDs.append(retryID)
        state.events[location.event].attemptDetails.append(.init(requestID: retryID, status: .pending, queuedAt: moment))
        state.attempts[retryID] = (location.event, state.events[location.event].attemptDetails.count - 1)
        if options.retryDelay <= .zero {
            state.ready.append(retryID)
        } else {
            state.delayed.append((retryID, moment.addingTimeInterval(Self.seconds(options.retryDelay))))
        }
    }

    /// Moves due retries to the ready queue, then pairs ready attempts with waiting pollers,
    /// oldest attempt with newest poller, starting each attempt's deadline.
    ///
    /// Newest poller first: a server cannot see that a long poll's client went away (a
    /// function stopped while it waited), and the poll that replaced it is always newer. So a
    /// live function gets the event, and an abandoned poll is handed one only when no live
    /// poller is waiting; that attempt then times out and is retried, as Lambda retries an
    /// invocation whose environment died.
    func dispatch(_ state: inout State, at moment: Date) -> [(Waiter, Delivery)] {
        let due = state.delayed.filter { $0.at <= moment }
        if !due.isEmpty {
            state.delayed.removeAll { $0.at <= moment }
            state.ready += due.map(\.requestID)
        }
        var handoffs: [(Waiter, Delivery)] = []
        while !state.ready.isEmpty, !state.waiters.isEmpty {
            let requestID = state.ready.removeFirst()
            let waiter = state.waiters.removeLast()
            guard let location = state.attempts[requestID] else { continue }
            let deadline = moment.addingTimeInterval(Self.seconds(options.timeout))
            state.running.insert(requestID)
            state.events[location.event].attempts += 1
            state.events[location.event].status = .running
            state.events[location.event].attemptDetails[location.attempt].status = .running
            state.events[location.event].attemptDetails[location.attempt].startedAt = moment
            state.events[location.event].attemptDetails[location.attempt].deadline = deadline
            handoffs.append((waiter, Delivery(requestID: requestID, payload: state.payloads[location.event],
                                              deadline: deadline, traceID: Self.traceID(at: moment))))
        }
        return handoffs
    }

    func resume(_ handoffs: [(Waiter, Delivery)]) {
        for (waiter, delivery) in handoffs { waiter.continuation.resume(returning: delivery) }
    }

    // MARK: Ids

    static func newRequestID() -> String { UUID().uuidString.lowercased() }

    /// `Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`, the X-Ray header Lambda sends.
    static func traceID(at moment: Date) -> String {
        func hex(_ count: Int) -> String {
            String((0..<count).map { _ in "0123456789abcdef".randomElement()! })
        }
        let seconds = String(UInt32(clamping: Int64(max(0, moment.timeIntervalSince1970))), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - seconds.count)) + seconds
        return "Root=1-\(padded)-\(hex(24));Parent=\(hex(16));Sampled=0"
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
