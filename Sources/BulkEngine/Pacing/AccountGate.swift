import AWSCore
import Synchronization

/// One pace for every Connect operation together, on top of the lanes, for when the quota
/// turns out to be shared: an account (or an older reading of the quota) with one bucket for
/// every API, or another stack in the same account. Off until 429s come from two different
/// operations within `spanIntervals` default intervals (a 429 on one operation only, an
/// account with one API's quota lowered, is that lane's own business and never engages it).
///
/// Why a gate and not the lanes alone: with one shared bucket each lane meets the 429s the
/// others cause, slows down and climbs back on its own, so the lanes never agree on a total and
/// the row window stalls behind whichever lane is lowest (docs/PERFORMANCE.md has the figures).
/// The gate instead hands out one schedule for all of them in the order they asked: it starts
/// at the rate the calls succeeded at lately (what the server allowed), multiplies it by
/// `decrease` on each further round of 429s and climbs additively and slowly (`climb` of the
/// lanes' default rate per quiet default interval, no doubling), never above the sum of the
/// lanes' configured rates, where it turns itself off again. While it is on, the
/// lanes hold their configured rates: the gate alone answers the shared quota.
package final class AccountGate: Sendable {
    package static let decrease = 0.9
    /// Added per default interval without a 429, as a fraction of one lane's default rate.
    package static let climb = 0.003
    /// 429s from two operations this many default intervals apart engage the gate.
    package static let spanIntervals = 20.0
    /// Successful answers the starting rate is measured over.
    static let recentAnswers = 32

    /// One lane's default rate (calls a second): the scale of the span and of the climb.
    package let defaultRate: Double
    private let time: any TimeSource
    private let state: Mutex<State>

    struct State {
        var active = false
        var rate = 0.0
        /// The most the gate may allow: the sum of the lanes' configured rates.
        var ceiling = 0.0
        var schedule = TicketSchedule()
        var decreaseFrom = 0
        var lastChange: Duration = .zero
        var lastThrottle: [String: Duration] = [:]
        var successes: [Duration] = []
        var engagements = 0
    }

    package init(defaultRate: Double, time: any TimeSource) {
        self.defaultRate = defaultRate
        self.time = time
        state = Mutex(State())
    }

    package var isActive: Bool { state.withLock { $0.active } }
    /// Calls a second for every operation together; nil while the gate is off.
    package var rate: Double? { state.withLock { $0.active ? $0.rate : nil } }
    /// How many times the gate engaged.
    package var engagements: Int { state.withLock { $0.engagements } }
    /// Its engagements and its rate (nil while off), read together.
    package var counts: GateCounts { state.withLock { GateCounts(engagements: $0.engagements, finalRate: $0.active ? $0.rate : nil) } }

    private var isUsable: Bool { defaultRate.isFinite && defaultRate > 0 }

    /// A lane of `rate` calls a second joined: the ceiling grows by it.
    func add(rate: Double) {
        state.withLock { $0.ceiling += rate }
    }

    /// The lanes were set anew (a job's quotas): the ceiling is the sum of their rates.
    func set(ceiling: Double) {
        state.withLock { $0.ceiling = ceiling }
    }

    /// Waits for a slot when the gate is on; returns its ticket (nil when the gate is off).
    func waitForTurn() async throws -> Int? {
        let ticket = state.withLock { state -> Int? in
            guard state.active else { return nil }
            return state.schedule.take(now: time.uptime, interval: Lane.interval(state.rate))
        }
        guard let ticket else { return nil }
        while true {
            let wait = state.withLock { state -> Duration in
                guard state.active else { return .zero }  // turned off meanwhile
                return state.schedule.wait(for: ticket, now: time.uptime, interval: Lane.interval(state.rate))
            }
            if wait == .zero { return ticket }
            try await time.sleep(for: wait)
        }
    }

    /// The answer of a call of `operation` (`ticket`: the gate's, nil when it went while the
    /// gate was off). Returns whether the gate is on afterwards.
    @discardableResult
    func answered(operation: String, ticket: Int?, status: Int?) -> Bool {
        guard isUsable else { return false }
        let now = time.uptime
        let interval = Lane.interval(defaultRate)
        return state.withLock { state in
            if status == 429 {
                state.lastThrottle[operation] = now
                if state.active {
                    if let ticket, ticket >= state.decreaseFrom {
                        change(&state, to: max(defaultRate * Lane.floor, state.rate * Self.decrease), at: now)
                        // A round: the calls that go from now on. Not from the next ticket, as a
                        // lane does: the window's rows queue here, and a round would last until
                        // every one already waiting had gone (seconds of 429s at a rate too high).
                        state.decreaseFrom = state.schedule.granted
                    }
                } else if state.lastThrottle.contains(where: { $0.key != operation && now - $0.value <= interval * Self.spanIntervals }) {
                    engage(&state, at: now)
                }
            } else if let status, status < 500 {
                state.successes.append(now)
                if state.successes.count > Self.recentAnswers { state.successes.removeFirst(state.successes.count - Self.recentAnswers) }
                if state.active, now - state.lastChange >= interval {
                    let quiet = Lane.seconds(now - state.lastChange) / Lane.seconds(interval)
                    let rate = state.rate + Self.climb * defaultRate * quiet
                    if rate >= state.ceiling {
                        state.active = false  // back to the lanes alone
                        state.lastThrottle = [:]
                    } else {
                        change(&state, to: rate, at: now)
                    }
                }
            }
            return state.active
        }
    }

    /// On, at the rate calls succeeded at lately (while they were being made); the answers of calls already on their way
    /// do not lower it.
    private func engage(_ state: inout State, at now: Duration) {
        // Each gap between two successes counts at most two default intervals: a longer one is
        // a pause of the job's (the look-ups, then reading the file), not the server's limit.
        var start = state.ceiling
        let cap = Lane.interval(defaultRate) * 2
        let busy = zip(state.successes, state.successes.dropFirst()).reduce(Duration.zero) { $0 + min(cap, $1.1 - $1.0) }
        if busy > .zero { start = Double(state.successes.count - 1) / Lane.seconds(busy) }
        state.active = true
        state.engagements += 1
        state.rate = min(state.ceiling, max(defaultRate * Lane.floor, start))
        state.lastChange = now
        state.schedule.restart()
        state.decreaseFrom = state.schedule.nextTicket
    }

    private func change(_ state: inout State, to rate: Double, at now: Duration) {
        state.rate = rate
        state.lastChange = now
        state.schedule.respace(to: Lane.interval(rate), at: now)
    }
}
