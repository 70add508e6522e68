/// The schedule a lane and the account gate hand out turns on (GCRA): callers take tickets in
/// the order they ask, and ticket `n` may go at `anchor + (n − anchorTicket) × interval`. A
/// caller after an idle spell finds the schedule moved up to now (less any burst slack). The
/// interval is the owner's current one, passed in on every step, so a rate change re-spaces
/// the tickets still waiting when they next look.
struct TicketSchedule: Sendable {
    private var anchor: Duration?
    private var anchorTicket = 0
    /// The ticket the next caller gets.
    private(set) var nextTicket = 0
    /// One past the highest ticket gone.
    private(set) var granted = 0
    private var lastGrant: Duration?

    /// The next ticket. `slack`: how far before now an idle schedule may restart (the burst).
    mutating func take(now: Duration, interval: Duration, slack: Duration = .zero) -> Int {
        let ticket = nextTicket
        nextTicket += 1
        let earliest = now - slack
        if let anchor, anchor + interval * Double(ticket - anchorTicket) >= earliest { return ticket }
        anchor = earliest
        anchorTicket = ticket
        return ticket
    }

    /// How long `ticket` still has to wait; zero when it may go now, and it is then gone.
    mutating func wait(for ticket: Int, now: Duration, interval: Duration) -> Duration {
        let slot = (anchor ?? now) + interval * Double(ticket - anchorTicket)
        guard slot <= now else { return slot - now }
        granted = max(granted, ticket + 1)
        lastGrant = now
        return .zero
    }

    /// A new interval from the first ticket not gone yet: it goes one new interval after the
    /// last ticket that went (or now), the ones after it at the new spacing.
    mutating func respace(to interval: Duration, at now: Duration) {
        anchorTicket = granted
        anchor = (lastGrant ?? now) + interval
    }

    /// Starts afresh with the next ticket, as if none had gone before (the gate engaging).
    mutating func restart() {
        anchor = nil
        anchorTicket = nextTicket
        granted = nextTicket
    }
}
