/// The Connect calls one part of a job spends, added to what the job's ledger had counted
/// before it: in all, each lane's, and the account gate's engagements. The function's metrics
/// count everything its execution environment did since it started, so a part reads them when
/// it begins and records the difference (`record`, as often as it likes).
struct CallTally: Sendable {
    private let before: CallCounts
    private let counted: CallCounts
    private let lanesBefore: [String: LaneCounts]
    private let lanesCounted: [String: LaneCounts]
    private let gateBefore: GateCounts
    private let gateCounted: GateCounts?

    init(metrics: RunMetrics, ledger: JobLedger) {
        before = metrics.snapshot
        counted = ledger.calls
        lanesBefore = metrics.laneSnapshot
        lanesCounted = ledger.lanes ?? [:]
        gateBefore = metrics.gateSnapshot
        gateCounted = ledger.accountGate
    }

    /// This part's calls so far, with the ones before it, into `ledger`.
    func record(_ metrics: RunMetrics, into ledger: inout JobLedger) {
        let spent = metrics.snapshot - before
        ledger.calls = counted + spent
        var lanes = lanesCounted
        for (operation, now) in metrics.laneSnapshot {
            let was = lanesBefore[operation] ?? LaneCounts()
            guard now.calls != was.calls || now.throttled != was.throttled else { continue }
            lanes[operation, default: LaneCounts()].calls += now.calls - was.calls
            lanes[operation, default: LaneCounts()].throttled += now.throttled - was.throttled
            lanes[operation]?.rate = now.rate
        }
        if !lanes.isEmpty { ledger.lanes = lanes }
        let gate = metrics.gateSnapshot
        let engagements = (gateCounted?.engagements ?? 0) + gate.engagements - gateBefore.engagements
        if engagements > 0 {
            // Its rate now if this part called Connect, else as the ledger had it.
            ledger.accountGate = GateCounts(engagements: engagements, finalRate: spent.apiCalls > 0 ? gate.finalRate : gateCounted?.finalRate)
        }
    }
}
