import JSONLog

/// One invocation's pass over a part's rows: which to skip (settled before), which to work on,
/// and which to set aside for the next part once time runs short; outcomes go into the ledger
/// in file order.
///
/// Rows are worked on several at once (`OwnedJob.work`), so they finish in any order; an
/// outcome that arrives before those of the rows above it waits in `finished` until they are
/// in. So `ledger.next` is always the settled prefix: a restart redoes at most the rows that
/// were in the window (taken, not settled), and the failures stay in file order.
struct PartProgress {
    let keeper: LedgerKeeper
    let invocation: InvocationBudget
    let metrics: RunMetrics
    /// The first row not settled by an earlier invocation.
    let start: Int
    let positions: [Int]?
    /// The calls this pass spends, on top of those the ledger had counted when it began.
    let tally: CallTally
    /// Rows taken to be worked on (invalid ones included).
    var worked = 0
    /// The next row to settle, and the outcomes of rows below it that finished first.
    var settling: Int
    var finished: [Int: (row: AgentRow, outcome: RowOutcome)] = [:]
    var cutting = false
    /// Rows set aside: invalid ones with their reason (they need no call), valid ones for the
    /// next part.
    var setAside: [(index: Int, reason: String)] = []
    var deferred: [Int] = []

    init(keeper: LedgerKeeper, invocation: InvocationBudget, metrics: RunMetrics) {
        let ledger = keeper.ledger
        self.keeper = keeper
        self.invocation = invocation
        self.metrics = metrics
        start = ledger.next
        positions = ledger.partPositions
        tally = CallTally(metrics: metrics, ledger: ledger)
        settling = ledger.next
    }

    /// Rows taken and not settled yet: the window.
    var inWindow: Int { worked - settled }
    private var settled = 0

    /// The row's position in the original file.
    func position(_ index: Int) -> Int {
        guard let positions, index < positions.count else { return index }
        return positions[index]
    }

    /// Whether to work on row `index` now (`invalid` is its problem, if it has one). Rows
    /// settled by an earlier invocation are skipped. Once the time left is short (at least one
    /// row is always worked on, so every part makes progress) or the lease is lost, the rest
    /// is set aside.
    mutating func admit(_ index: Int, invalid: String?) -> Bool {
        guard index >= start else { return false }
        if !cutting && (keeper.isLost || (worked > 0 && !invocation.hasTime)) { cutting = true }
        guard !cutting else {
            if let invalid { setAside.append((index, invalid)) } else { deferred.append(index) }
            return false
        }
        worked += 1
        return true
    }

    /// The plan for row `index` when it is to be worked on now; nil when it was settled
    /// before or is set aside, or is invalid (then it is settled here, with its reason).
    mutating func take<Step>(_ index: Int, _ row: AgentRow, _ plan: Result<Step, RowProblem>, logger: JSONLogger) -> Step? {
        switch plan {
        case .failure(let problem):
            // The reason (it may quote cells) goes to the failure file; the log line says only
            // the line, the column and the kind of problem.
            guard admit(index, invalid: problem.message) else { return nil }
            settle(index, row, .failed(problem.message))
            logger.info("row invalid", ["line": .int(row.line), "problem": .string(problem.logDescription)])
            return nil
        case .success(let planned):
            return admit(index, invalid: nil) ? planned : nil
        }
    }

    /// Row `index` (taken) ended `outcome`: it is settled with every row after it that
    /// finished already, once every row before it is.
    mutating func settle(_ index: Int, _ row: AgentRow, _ outcome: RowOutcome) {
        finished[index] = (row, outcome)
        var ready: [(index: Int, row: AgentRow, outcome: RowOutcome)] = []
        while let next = finished.removeValue(forKey: settling) {
            ready.append((settling, next.row, next.outcome))
            settling += 1
        }
        guard !ready.isEmpty else { return }
        settled += ready.count
        let positions = ready.map { position($0.index) }
        keeper.update { ledger in
            for (done, position) in zip(ready, positions) {
                ledger.settle(done.outcome, position: position, record: done.row.record)
            }
            ledger.next = ready[ready.count - 1].index + 1
        }
        recordCalls()
    }

    /// The calls spent so far, into the ledger: in all, each lane's, and the account gate's.
    func recordCalls() {
        let tally = tally, metrics = metrics
        keeper.update { tally.record(metrics, into: &$0) }
    }

    /// Settles the invalid rows set aside; the part is then done but for `deferred`.
    func settleSetAside(of sheet: AgentSheet) {
        keeper.update { ledger in
            for (index, reason) in setAside {
                ledger.settle(.failed(reason), position: position(index), record: sheet.rows[index].record)
            }
            ledger.next = sheet.rows.count
        }
    }

    /// Every row not settled yet fails with `reason`.
    mutating func failTheRest(of sheet: AgentSheet, _ reason: String) {
        let from = keeper.ledger.next
        keeper.update { ledger in
            for index in from ..< sheet.rows.count {
                ledger.settle(.failed(reason), position: position(index), record: sheet.rows[index].record)
            }
            ledger.next = sheet.rows.count
        }
        setAside = []
        deferred = []
    }
}
