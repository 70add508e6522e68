import AWSCore
import Synchronization

/// The pace of one Connect operation: calls go at most at its rate, and the rate adapts to
/// what the account really allows.
///
/// **Pace.** Each caller takes a ticket of the lane's `TicketSchedule` (GCRA; a caller after
/// an idle spell finds the schedule moved up to now, less `burst − 1` intervals). Tickets are
/// taken under a lock, so concurrent callers go in the order they asked; a waiter recomputes
/// its time when it wakes, so a rate change re-spaces the callers already waiting.
///
/// **Adaptive.** A 429 multiplies the rate by `decrease` (once per round: only a call that
/// took its ticket after the last decrease lowers it again, so the answers of calls already
/// on their way do not compound). After `quietIntervals` configured intervals with no 429 it
/// climbs by `climb` of its current rate (doubling with each further quiet period), never
/// above the configured one: in proportion, so
/// that lanes sharing one bucket (an account whose APIs share a quota) add up to a climb in
/// proportion to what they send together, not to how many they are. So an account whose
/// applied quota is below the lane's setting converges to what the server allows instead of
/// retrying blindly. A quota shared by every API is the account gate's (`AccountGate`): every
/// call also passes it while it is on, and the lane meanwhile keeps its configured rate. How
/// the parameters were chosen, and what they achieve, is in docs/PERFORMANCE.md ("Lanes").
package final class Lane: Sendable {
    package static let decrease = 0.7
    package static let climb = 0.05
    package static let quietIntervals = 20.0
    /// How many times a climb may double after the first (see `State.climbs`).
    package static let climbDoublings = 4
    /// The lowest rate a lane falls to, as a fraction of its configured rate: low enough for
    /// an account whose quota is an eighth of the setting, high enough that a lane which met
    /// 429s caused by the others' calls (one bucket shared by every API) is not starved.
    package static let floor = 1.0 / 8

    package let operation: String
    /// The account-wide pace every call of this lane also passes while it is on.
    let gate: AccountGate?
    private let time: any TimeSource
    private let state: Mutex<State>

    struct State {
        /// What the lane is set to (`Lanes.apply(quotas:)` may set it again for a job).
        var settings: LaneSettings
        var rate: Double
        var schedule = TicketSchedule()
        /// Only tickets from this one on may lower the rate again.
        var decreaseFrom = 0
        var lastChange: Duration
        /// Climbs since the last decrease: each one climbs twice as far as the one before (up
        /// to 16 times `climb`), so a lane left low once the others went quiet recovers in
        /// seconds, while the first steps after a 429 stay small.
        var climbs = 0
        var calls = 0
        var throttled = 0
        /// The gate's ticket of each call on its way that went through the gate.
        var gateTickets: [Int: Int] = [:]
    }

    /// What a lane has done: its calls (libcurl re-sends included), 429 answers, and the rate
    /// it ended at.
    package struct Report: Sendable, Equatable, Codable {
        package var operation: String
        package var calls: Int
        package var throttled: Int
        /// Calls a second; nil when the lane is not paced.
        package var finalRate: Double?
    }

    package init(operation: String, settings: LaneSettings, time: any TimeSource, gate: AccountGate? = nil) {
        self.operation = operation
        self.gate = gate
        self.time = time
        state = Mutex(State(settings: settings, rate: settings.ratePerSecond, lastChange: time.uptime))
    }

    package var settings: LaneSettings { state.withLock { $0.settings } }
    package var isPaced: Bool { settings.ratePerSecond.isFinite }
    package var rate: Double { state.withLock { $0.rate } }
    package var report: Report {
        state.withLock {
            Report(operation: operation, calls: $0.calls, throttled: $0.throttled, finalRate: $0.settings.ratePerSecond.isFinite ? $0.rate : nil)
        }
    }

    /// Sets the lane anew (a job's quota): the rate starts at the new setting, from the next
    /// ticket not gone yet; what it learnt from 429s under the old one no longer applies.
    /// Returns the rate it was set to before.
    @discardableResult
    func reset(to settings: LaneSettings) -> Double {
        let now = time.uptime
        return state.withLock { state in
            let old = state.settings.ratePerSecond
            guard state.settings != settings else { return old }
            state.settings = settings
            state.climbs = 0
            if settings.ratePerSecond.isFinite {
                change(&state, to: settings.ratePerSecond, at: now)
            } else {
                state.rate = settings.ratePerSecond
            }
            state.decreaseFrom = state.schedule.nextTicket
            return old
        }
    }

    /// Waits for this call's turn; returns its ticket, to be given back with the answer.
    /// - Throws: `CancellationError` if the task is cancelled.
    package func waitForTurn() async throws -> Int {
        guard isPaced else { return 0 }
        let ticket = state.withLock { state -> Int in
            let interval = Self.interval(state.rate)
            return state.schedule.take(now: time.uptime, interval: interval, slack: interval * Double(state.settings.burst - 1))
        }
        while true {
            let wait = state.withLock { state in
                state.schedule.wait(for: ticket, now: time.uptime, interval: Self.interval(state.rate))
            }
            if wait == .zero { break }
            try await time.sleep(for: wait)
        }
        if let gate, let gateTicket = try await gate.waitForTurn() {
            state.withLock { $0.gateTickets[ticket] = gateTicket }
        }
        return ticket
    }

    /// The answer to the call with `ticket`: `sent` requests went on the wire for it, the last
    /// answered `status` (nil when no answer came).
    package func answered(ticket: Int, status: Int?, sent: Int) {
        let now = time.uptime
        let gateTicket = state.withLock { $0.gateTickets.removeValue(forKey: ticket) }
        // While the gate is on, the quota is shared: the gate answers it, and the lane keeps
        // its configured rate (a lane lowered by the others' 429s would hold back the window).
        let shared = isPaced && (gate?.answered(operation: operation, ticket: gateTicket, status: status) ?? false)
        state.withLock { state in
            state.calls += sent
            let settings = state.settings
            guard settings.ratePerSecond.isFinite else {
                if status == 429 { state.throttled += 1 }
                return
            }
            if shared {
                if status == 429 { state.throttled += 1 }
                if state.rate < settings.ratePerSecond {
                    change(&state, to: settings.ratePerSecond, at: now)
                    state.decreaseFrom = state.schedule.nextTicket
                    state.climbs = 0
                }
                return
            }
            if status == 429 {
                state.throttled += 1
                guard ticket >= state.decreaseFrom else { return }
                change(&state, to: max(settings.ratePerSecond * Self.floor, state.rate * Self.decrease), at: now)
                state.decreaseFrom = state.schedule.nextTicket
                state.climbs = 0
            } else if status != nil, state.rate < settings.ratePerSecond,
                      now - state.lastChange >= Self.interval(settings.ratePerSecond) * Self.quietIntervals {
                let step = Self.climb * Double(1 << min(state.climbs, Self.climbDoublings))
                state.climbs += 1
                change(&state, to: min(settings.ratePerSecond, state.rate * (1 + step)), at: now)
            }
        }
    }

    /// A new rate from the next ticket not gone yet: it goes one new interval after the last
    /// call that went (or now), the ones after it at the new spacing.
    private func change(_ state: inout State, to rate: Double, at now: Duration) {
        state.rate = rate
        state.lastChange = now
        state.schedule.respace(to: Self.interval(rate), at: now)
    }

    static func interval(_ rate: Double) -> Duration {
        rate.isFinite && rate > 0 ? .nanoseconds(Int64((1e9 / rate).rounded())) : .zero
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
