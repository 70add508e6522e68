import ConnectClient

/// What a job found out about the unit of SearchUsers' per-channel ACW, and how: kept in the
/// ledger (so a job's later parts do not ask again) and said in the summary.
///
/// AWS documents the unit nowhere (see `ConnectAfterContactWorkUnit`), and reading it wrongly
/// sets agents' ACW to 0, which Amazon Connect treats as no time limit. So the job asks the
/// service: one user whose reported per-channel ACW is not 0 is read with DescribeUser, whose
/// values are seconds, and the two are compared. Until a unit is found, no value read under it
/// is sent or exported: a row that sets an ACW reads its user with DescribeUser instead.
package struct AfterContactWorkFinding: Codable, Sendable, Equatable {
    /// nil: not found (every value was 0, or the comparison could not be made).
    package var unit: ConnectAfterContactWorkUnit?
    /// How, in the words of the summary.
    package var how: String

    package init(unit: ConnectAfterContactWorkUnit?, how: String) {
        self.unit = unit
        self.how = how
    }

    /// Users read with DescribeUser to find the unit, at most, before the job gives up asking.
    static let maxProbes = 3

    static let everyValueZero = AfterContactWorkFinding(
        unit: nil, how: "not needed: every per-channel ACW SearchUsers reported was 0, which is 0 in either unit")

    /// The unit under which `searched`'s reported per-channel ACW equals `described`'s seconds
    /// (the same user read with DescribeUser), with the evidence; nil when no value decides (all
    /// 0) or the two disagree under both units (the user changed in between).
    static func compare(searched: ConnectUser, described: ConnectUser) -> (unit: ConnectAfterContactWorkUnit, evidence: String)? {
        guard let reported = searched.reportedAfterContactWork else { return nil }
        var found: (unit: ConnectAfterContactWorkUnit, evidence: String)?
        for channel in ConnectChannel.allCases {
            guard let values = reported[channel] else { continue }
            let have = described.channels[channel] ?? ConnectChannelConfig()
            let pairs = [("ACW", values.limit, have.afterContactWorkSeconds),
                         ("callback ACW", values.callbackLimit, have.agentFirstCallbackAfterContactWorkSeconds)]
            for (what, value, seconds) in pairs {
                guard let value, let seconds, value != 0 || seconds != 0 else { continue }
                let units = ConnectAfterContactWorkUnit.allCases.filter { $0.reported(seconds) == value }
                guard units.count == 1, let unit = units.first, found == nil || found?.unit == unit else { return nil }
                found = found ?? (unit, """
                    user \(SheetText.quoted(searched.username))'s \(channel.rawValue) \(what) is \(value) in SearchUsers and \(seconds) s in \
                    DescribeUser
                    """)
            }
        }
        return found
    }
}

extension JobContext where Connect == any ConnectReading {
    /// `users` (from SearchUsers) with their per-channel ACW in seconds wherever that is known:
    /// a user whose every reported value is 0 as it is, the others in the job's unit, found
    /// first if the ledger has none. Users whose unit could not be found are left as reported
    /// (`afterContactWorkIsKnown` false).
    func readingAfterContactWork(_ users: [ConnectUser]) async -> [ConnectUser] {
        let reported = users.contains { $0.reportedAfterContactWork != nil }
        let users = users.map { $0.readingZeroAfterContactWork ?? $0 }
        let unknown = users.filter { !$0.afterContactWorkIsKnown }
        guard !unknown.isEmpty else {
            if reported, keeper.ledger.afterContactWork == nil { noteAfterContactWork(AfterContactWorkFinding.everyValueZero) }
            return users
        }
        guard let unit = await afterContactWorkUnit(probing: unknown) else { return users }
        return users.map { $0.readingAfterContactWork(in: unit) }
    }

    /// The job's unit: the ledger's, else found by reading up to `maxProbes` of `candidates`
    /// with DescribeUser and comparing; the finding goes to the ledger either way.
    func afterContactWorkUnit(probing candidates: [ConnectUser]) async -> ConnectAfterContactWorkUnit? {
        if let unit = keeper.ledger.afterContactWork?.unit { return unit }
        var tried: [String] = []
        for candidate in candidates.prefix(AfterContactWorkFinding.maxProbes) {
            do {
                let described = try await connect.describeUser(instanceID, userID: candidate.id)
                if let (unit, evidence) = AfterContactWorkFinding.compare(searched: candidate, described: described) {
                    noteAfterContactWork(AfterContactWorkFinding(unit: unit, how: "\(unit.rawValue): \(evidence)"))
                    logger.info("ACW unit found", ["unit": .string(unit.rawValue)])
                    return unit
                }
                tried.append("\(SheetText.quoted(candidate.username)) changed between the two reads")
            } catch {
                tried.append("\(SheetText.quoted(candidate.username)) could not be read (\(FailureReason.code(of: error)))")
            }
        }
        logger.warn("ACW unit not found", ["tried": .int(tried.count)])
        noteAfterContactWork(AfterContactWorkFinding(
            unit: nil, how: "unknown: \(tried.joined(separator: "; ")); every row that sets an ACW read its user with DescribeUser instead"))
        return nil
    }

    /// The ledger keeps the first unit found; a later finding without one never replaces it.
    func noteAfterContactWork(_ finding: AfterContactWorkFinding) {
        keeper.update { ledger in
            if ledger.afterContactWork?.unit == nil { ledger.afterContactWork = finding }
        }
    }
}
