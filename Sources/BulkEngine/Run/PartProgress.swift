import JSONLog

/// One invocation's pass over a part's rows: which to skip (settled before), which to work on,
/// and which to set aside for the next part once time runs short; each outcome goes into the
/// ledger as it is settled.
struct PartProgress {
    let keeper: LedgerKeeper
    let invocation: InvocationBudget
    let metrics: RunMetrics
    /// The first row not settled by an earlier invocation.
    let start: Int
    let positions: [Int]?
    /// The metrics when this pass began, and the calls the ledger had counted by then.
    let before: CallCounts
    let counted: CallCounts
    var worked = 0
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
        before = metrics.snapshot
        counted = ledger.calls
    }

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
        return true
    }

    /// The plan for row `index` when it is to be worked on now; nil when it was settled
    /// before or is set aside, or is invalid (then it is settled here, with its reason).
    mutating func take<Step>(_ index: Int, _ row: AgentRow, _ plan: Result<Step, RowProblem>, logger: Logger) -> Step? {
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

    mutating func settle(_ index: Int, _ row: AgentRow, _ outcome: RowOutcome) {
        worked += 1
        let position = position(index)
        keeper.update { ledger in
            ledger.settle(outcome, position: position, record: row.record)
            ledger.next = index + 1
        }
        recordCalls()
    }

    /// The calls spent so far, into the ledger.
    func recordCalls() {
        let spent = metrics.snapshot - before
        keeper.update { $0.calls = counted + spent }
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
